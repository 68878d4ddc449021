#include "daemon/server/dot_connection.hpp"

#include "daemon/server/framed_connection_impl.hpp"

namespace roja::server {

template class FramedConnection<TlsStream>;

}  // namespace roja::server
