// One admin connection: read a request (capped), route it, write the answer, keep the
// connection for the next request if the client wants. Internal to daemon/api.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "daemon/api/api_router.hpp"

namespace roja::api {

boost::asio::awaitable<void> serve_plain(boost::asio::ip::tcp::socket socket,
                                         const ApiRouter& router);
boost::asio::awaitable<void> serve_tls(boost::asio::ip::tcp::socket socket,
                                       boost::asio::ssl::context& tls, const ApiRouter& router);

}  // namespace roja::api
