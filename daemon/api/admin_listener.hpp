// The admin listener (Boost.Beast): HTTP/1.1, or HTTPS when admin.tls_certificate is set, on
// its own thread and io_context, so neither a slow client nor a long route ever touches a
// worker. Requests are size-capped and time-limited; every one goes through the ApiRouter.
#pragma once

#include <cstdint>
#include <memory>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/config.hpp"
#include "daemon/api/api_router.hpp"

namespace roja::api {

class AdminListener {
  public:
    // Binds now; throws std::runtime_error naming the address and the reason (start-up only).
    AdminListener(const config::AdminConfig& config, const ApiRouter& router);
    ~AdminListener();
    AdminListener(const AdminListener&) = delete;
    AdminListener& operator=(const AdminListener&) = delete;

    void start();
    void stop();
    std::uint16_t port() const noexcept { return port_; }
    bool is_tls() const noexcept { return tls_ != nullptr; }

  private:
    void accept_next();

    boost::asio::io_context io_{1};
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_{io_};  // after a failed accept (out of descriptors)
    std::shared_ptr<boost::asio::ssl::context> tls_;
    const ApiRouter& router_;
    std::uint16_t port_ = 0;
    std::thread thread_;
};

}  // namespace roja::api
