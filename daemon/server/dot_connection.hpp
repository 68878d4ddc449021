// A DoT client's connection (RFC 7858): the framed DNS connection over a TLS stream.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "daemon/server/tcp_connection.hpp"

namespace roja::server {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
using DotConnection = FramedConnection<TlsStream>;
extern template class FramedConnection<TlsStream>;

}  // namespace roja::server
