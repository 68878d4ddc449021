#include "daemon/server/tcp_connection.hpp"

#include "daemon/server/framed_connection_impl.hpp"

namespace roja::server {

template class FramedConnection<boost::asio::ip::tcp::socket>;

}  // namespace roja::server
