#include "daemon/http/http_listener.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace roja::http {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Holds a connection's place under the caps for as long as its handler runs.
class AdmissionTicket {
  public:
    AdmissionTicket(server::TcpAdmission* admission, asio::ip::address client)
        : admission_(admission), client_(std::move(client)) {}
    ~AdmissionTicket() {
        if (admission_) admission_->release(client_);
    }
    AdmissionTicket(const AdmissionTicket&) = delete;
    AdmissionTicket& operator=(const AdmissionTicket&) = delete;

  private:
    server::TcpAdmission* admission_;
    asio::ip::address client_;
};

asio::awaitable<void> run_admitted(ConnectionHandler handler, tcp::socket socket,
                                   [[maybe_unused]] std::shared_ptr<AdmissionTicket> ticket) {
    co_await handler(std::move(socket));
}

}  // namespace

HttpListener::HttpListener(asio::io_context& io, const tcp::endpoint& local) : acceptor_(io) {
    acceptor_.open(local.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    if (local.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(local);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

tcp::endpoint HttpListener::local() const {
    return acceptor_.local_endpoint();
}

void HttpListener::close() noexcept {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
}

asio::awaitable<void> HttpListener::serve(ConnectionHandler handler,
                                          server::TcpAdmission* admission, HttpCounters& counters) {
    while (acceptor_.is_open()) {
        tcp::endpoint client;
        auto [error, socket] =
            co_await acceptor_.async_accept(client, asio::as_tuple(asio::use_awaitable));
        if (error == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
        if (error) {  // out of descriptors or similar: pause instead of spinning on the error
            asio::steady_timer pause(acceptor_.get_executor(), std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
            continue;
        }
        if (admission && !admission->admit(client.address())) {
            ++counters.refused_connections;
            reset_connection(socket);
            continue;
        }
        ++counters.connections;
        auto ticket = std::make_shared<AdmissionTicket>(admission, client.address());
        asio::co_spawn(acceptor_.get_executor(),
                       run_admitted(handler, std::move(socket), std::move(ticket)), asio::detached);
    }
}

void reset_connection(tcp::socket& socket) noexcept {
    boost::system::error_code ignored;
    socket.set_option(asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
}

}  // namespace roja::http
