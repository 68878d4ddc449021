// The HTTP filter's port 443: decide on the ClientHello's server name, then either reset the
// connection or splice it to the origin byte for byte (the filter never terminates TLS).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "daemon/http/client_hello.hpp"
#include "daemon/http/host_header.hpp"
#include "daemon/http/http_filter.hpp"
#include "daemon/http/http_listener.hpp"

namespace roja::http {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// Reads until the ClientHello is complete (or cannot be one), within `timeout`.
asio::awaitable<HelloResult> read_hello(tcp::socket& socket, std::vector<std::uint8_t>& bytes,
                                        std::vector<std::uint8_t>& handshake,
                                        std::chrono::milliseconds timeout) {
    asio::steady_timer deadline(socket.get_executor(), timeout);
    deadline.async_wait([&socket](const boost::system::error_code& error) {
        if (!error) socket.cancel();
    });
    HelloResult result;
    while (result.status == HelloStatus::need_more && bytes.size() < kMaxClientHelloBytes) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): filled by the read before use
        std::array<std::uint8_t, 4096> chunk;
        auto [error, n] = co_await socket.async_read_some(asio::buffer(chunk), kNoThrow);
        if (error) co_return HelloResult{HelloStatus::not_tls, {}};
        bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
        result = read_client_hello(bytes, handshake);
    }
    deadline.cancel();
    co_return result;
}

// Copies one direction until end of stream, then passes the half-close on.
asio::awaitable<void> pump(tcp::socket& from, tcp::socket& to, Clock::time_point& last_activity) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): filled by each read before use
    std::array<std::uint8_t, 16384> chunk;
    for (;;) {
        auto [read_error, n] = co_await from.async_read_some(asio::buffer(chunk), kNoThrow);
        if (read_error) break;
        last_activity = Clock::now();
        auto [write_error, m] =
            co_await asio::async_write(to, asio::buffer(chunk.data(), n), kNoThrow);
        if (write_error) break;
    }
    boost::system::error_code ignored;
    to.shutdown(tcp::socket::shutdown_send, ignored);
}

// Ends when neither direction moved for `idle`.
asio::awaitable<void> idle_watchdog(const Clock::time_point& last_activity,
                                    std::chrono::milliseconds idle) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        timer.expires_at(last_activity + idle);
        co_await timer.async_wait(kNoThrow);
        if (Clock::now() >= last_activity + idle) co_return;
    }
}

}  // namespace

// Whether the server name may pass: not listed as sni, not blocked whole, and routed here.
bool HttpFilter::may_splice(const HostName& host, const asio::ip::address& client) {
    const filter::Policy& policy = *state_.get().policy;
    const filter::GroupIndex group = policy.group_of(client);
    if (policy.decide_sni(host.canonical, group).is_blocked() ||
        policy.decide(host.canonical, filter::kQtypeA, group).is_blocked()) {
        ++counters_.sni_refused;
        return false;
    }
    return policy.is_routed_to_http_filter(host.canonical, group);
}

asio::awaitable<bool> HttpFilter::connect_tls_origin(const std::string& host, std::uint16_t port,
                                                     tcp::socket& origin) {
    const auto address = co_await resolver_.resolve(host);
    if (!address) co_return false;
    asio::steady_timer deadline(origin.get_executor(), settings_.connect_timeout);
    deadline.async_wait([&origin](const boost::system::error_code& error) {
        if (!error) origin.close();
    });
    auto [error] = co_await origin.async_connect(tcp::endpoint(*address, port), kNoThrow);
    deadline.cancel();
    co_return !error && origin.is_open();
}

asio::awaitable<void> HttpFilter::serve_tls(tcp::socket socket) {
    using namespace asio::experimental::awaitable_operators;
    boost::system::error_code ec;
    const auto client = socket.remote_endpoint(ec);
    const auto local = socket.local_endpoint(ec);
    if (ec) co_return;
    std::vector<std::uint8_t> bytes, handshake;
    const HelloResult hello =
        co_await read_hello(socket, bytes, handshake, settings_.limits.read_timeout);
    const HostName host = hello.status == HelloStatus::server_name
                              ? parse_host_header(hello.server_name)
                              : HostName{};
    if (host.status != HostStatus::name || !may_splice(host, client.address())) {
        reset_connection(socket);
        co_return;
    }
    tcp::socket origin(socket.get_executor());
    if (!co_await connect_tls_origin(host.canonical, local.port(), origin)) {
        ++counters_.origin_failures;
        reset_connection(socket);
        co_return;
    }
    ++counters_.spliced;  // URL entries of this host cannot be enforced inside TLS
    auto [write_error, written] = co_await asio::async_write(origin, asio::buffer(bytes), kNoThrow);
    if (write_error) co_return;
    Clock::time_point last_activity = Clock::now();
    co_await ((pump(socket, origin, last_activity) && pump(origin, socket, last_activity)) ||
              idle_watchdog(last_activity, settings_.origin_idle_timeout));
}

}  // namespace roja::http
