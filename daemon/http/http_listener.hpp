// One TCP acceptor of the HTTP side: admits a connection under the connection caps and runs
// the listener's connection handler on it; the cap is released when the handler ends.
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "daemon/http/http_counters.hpp"
#include "daemon/server/tcp_limits.hpp"

namespace roja::http {

using ConnectionHandler =
    std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket socket)>;

class HttpListener {
  public:
    // Binds now: throws (start-up only) when the address cannot be bound.
    HttpListener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& local);

    // Serves until close(). `admission` null = no caps (the 443 refuser).
    boost::asio::awaitable<void> serve(ConnectionHandler handler, server::TcpAdmission* admission,
                                       HttpCounters& counters);
    void close() noexcept;
    boost::asio::ip::tcp::endpoint local() const;

  private:
    boost::asio::ip::tcp::acceptor acceptor_;
};

// Closes with a TCP reset (SO_LINGER 0): what port 443 of the warning page answers, so a
// browser fails at once instead of waiting for a TLS handshake that cannot succeed.
void reset_connection(boost::asio::ip::tcp::socket& socket) noexcept;

}  // namespace roja::http
