#include "daemon/server/tcp_listener.hpp"

#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/server/dot_connection.hpp"
#include "daemon/server/dot_credentials.hpp"
#include "daemon/server/socket_options.hpp"

namespace roja::server {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpListener::TcpListener(asio::io_context& io, const tcp::endpoint& local, TcpAdmission& admission,
                         const DotCredentials* tls)
    : acceptor_(io), admission_(admission), tls_(tls) {
    acceptor_.open(local.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    set_reuse_port(acceptor_.native_handle());
    if (local.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(local);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

void TcpListener::close() noexcept {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

asio::awaitable<void> TcpListener::serve(StreamHandler& handler) {
    while (acceptor_.is_open()) {
        tcp::endpoint client;
        auto [error, socket] =
            co_await acceptor_.async_accept(client, asio::as_tuple(asio::use_awaitable));
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (error) {
            // Out of descriptors or similar: pause briefly instead of spinning on the error.
            asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if (!admission_.admit(client.address()))
            continue;  // `socket` closes as it goes out of scope
        if (tls_) {
            auto context = tls_->current();
            TlsStream stream(std::move(socket), *context);
            std::make_shared<DotConnection>(std::move(stream), client, admission_, handler,
                                            std::move(context))
                ->start();
        } else {
            std::make_shared<TcpConnection>(std::move(socket), client, admission_, handler)
                ->start();
        }
    }
}

}  // namespace roja::server
