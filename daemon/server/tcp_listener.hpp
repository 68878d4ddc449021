// One worker's TCP acceptor on one address (SO_REUSEPORT, like the UDP side), for DNS over TCP,
// or over TLS (DoT) when it is given credentials.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include "daemon/server/tcp_connection.hpp"
#include "daemon/server/tcp_limits.hpp"

namespace roja::server {

class DotCredentials;

class TcpListener {
  public:
    // Throws (start-up only) when the address cannot be bound.
    TcpListener(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& local,
                TcpAdmission& admission, const DotCredentials* tls = nullptr);

    boost::asio::awaitable<void> serve(StreamHandler& handler);
    void close() noexcept;

  private:
    boost::asio::ip::tcp::acceptor acceptor_;
    TcpAdmission& admission_;
    const DotCredentials* tls_;
};

}  // namespace roja::server
