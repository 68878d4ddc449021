#include "daemon/api/admin_listener.hpp"

#include <stdexcept>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "daemon/api/admin_session.hpp"
#include "daemon/crypto/tls_server_context.hpp"
#include "daemon/log/log.hpp"

namespace roja::api {

namespace {

namespace asio = boost::asio;

std::shared_ptr<asio::ssl::context> make_tls(const config::AdminConfig& config) {
    if (config.tls_certificate.empty()) return nullptr;
    auto made = crypto::make_tls_server_context({config.tls_certificate, config.tls_key});
    if (!made.context) throw std::runtime_error("admin TLS " + made.problem);
    return std::move(made.context);
}

}  // namespace

AdminListener::AdminListener(const config::AdminConfig& config, const ApiRouter& router)
    : acceptor_(io_), tls_(make_tls(config)), router_(router) {
    const asio::ip::tcp::endpoint endpoint(config.listen.address, config.listen.port);
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("admin listener " + endpoint.address().to_string() + ":" +
                                 std::to_string(endpoint.port()) + ": " + ec.message());
    port_ = acceptor_.local_endpoint().port();
}

AdminListener::~AdminListener() {
    stop();
}

void AdminListener::accept_next() {
    acceptor_.async_accept(
        [this](const boost::system::error_code& ec, asio::ip::tcp::socket socket) {
            if (ec == asio::error::operation_aborted) return;
            if (ec) {  // EMFILE and friends: wait a little instead of spinning on the same error
                retry_.expires_after(std::chrono::milliseconds(100));
                retry_.async_wait([this](const boost::system::error_code& wait_error) {
                    if (!wait_error) accept_next();
                });
                return;
            }
            if (tls_)
                asio::co_spawn(io_, serve_tls(std::move(socket), *tls_, router_), asio::detached);
            else
                asio::co_spawn(io_, serve_plain(std::move(socket), router_), asio::detached);
            accept_next();
        });
}

void AdminListener::start() {
    accept_next();
    thread_ = std::thread([this] { io_.run(); });
}

void AdminListener::stop() {
    if (!thread_.joinable()) return;
    io_.stop();
    thread_.join();
}

}  // namespace roja::api
