// The HTTP filter's cost on the forwarding path: one keep-alive client fetching a 16 KiB page
// from an origin directly, and through the filter (parse, normalise, match the host's URL
// entries, relay the response). Prints both rates and the ratio. Loopback only: a tiny DNS
// responder, the origin and the filter run on one thread, the client on another.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include "daemon/http/http_filter.hpp"
#include "daemon/http/page_response.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;
using namespace roja;

constexpr int kRequests = 20'000;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
const asio::ip::address kOrigin = asio::ip::make_address("127.0.0.3");
const asio::ip::address kFilter = asio::ip::make_address("127.0.0.2");

// Answers every query with one A record: the origin's address.
asio::awaitable<void> dns_responder(udp::socket& socket) {
    std::array<std::uint8_t, 512> packet;
    for (;;) {
        udp::endpoint from;
        auto [error, n] = co_await socket.async_receive_from(asio::buffer(packet), from, kNoThrow);
        if (error) co_return;
        std::vector<std::uint8_t> reply(packet.begin(),
                                        packet.begin() + static_cast<std::ptrdiff_t>(n));
        reply[2] = 0x81;  // QR, RD
        reply[3] = 0x80;  // RA
        reply[7] = 1;     // ANCOUNT
        const auto v4 = kOrigin.to_v4().to_bytes();
        reply.insert(reply.end(),
                     {0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, v4[0], v4[1], v4[2], v4[3]});
        co_await socket.async_send_to(asio::buffer(reply), from, kNoThrow);
    }
}

asio::awaitable<void> serve_static(tcp::socket socket, const http::Response& prebuilt) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(16384);
    config::HttpLimits limits;
    for (;;) {
        http::RequestParser parser;
        if ((co_await http::read_request(stream, buffer, parser, limits)).outcome !=
            http::ReadOutcome::request)
            break;
        http::Response response = prebuilt;
        auto [error, n] = co_await beast::http::async_write(stream, response, kNoThrow);
        if (error) break;
    }
}

template <class Handler>
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Handler handler) {
    for (;;) {
        auto [error, socket] = co_await acceptor.async_accept(kNoThrow);
        if (error) co_return;
        asio::co_spawn(acceptor.get_executor(), handler(std::move(socket)), asio::detached);
    }
}

std::shared_ptr<server::ServingState> bench_state() {
    filter::PolicyBuilder builder;
    filter::ListInfo info;
    info.id = "orders";
    info.has_records = true;
    const auto list = builder.add_list(info);
    filter::ListLoader loader = builder.loader(list);
    filter::parse_list(
        filter::ListFormat::csv,
        "id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,"
        "expires\n"
        "u1,url,bench.test/blocked,AKEP,1/2025,2025-01-01,Law,gambling,2025-01-01,\n",
        "orders.csv", loader);
    filter::ClientGroup group;
    group.name = "default";
    group.lists.set(list);
    group.url_filter = true;
    builder.set_default_group(group);
    auto state = std::make_shared<server::ServingState>();
    state->policy = std::move(builder).build();
    return state;
}

double requests_per_second(const tcp::endpoint& server) {
    asio::io_context io(1);
    tcp::socket client(io);
    client.connect(server);
    client.set_option(tcp::no_delay(true));
    const std::string request = "GET /page HTTP/1.1\r\nHost: bench.test\r\n\r\n";
    asio::streambuf in;
    const auto start = Clock::now();
    for (int i = 0; i < kRequests; ++i) {
        asio::write(client, asio::buffer(request));
        const std::size_t head = asio::read_until(client, in, "\r\n\r\n");
        const std::string headers(
            asio::buffers_begin(in.data()),
            asio::buffers_begin(in.data()) + static_cast<std::ptrdiff_t>(head));
        in.consume(head);
        if (!headers.starts_with("HTTP/1.1 200")) std::abort();
        const auto at = headers.find("Content-Length: ");
        const std::size_t length = std::stoul(headers.substr(at + 16));
        if (in.size() < length) asio::read(client, in, asio::transfer_exactly(length - in.size()));
        in.consume(length);
    }
    return kRequests / std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main() {
    asio::io_context io(1);
    udp::socket dns(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::acceptor origin(io, tcp::endpoint(kOrigin, 0));
    const std::uint16_t port =
        origin.local_endpoint().port();  // the filter forwards to its own port
    tcp::acceptor filter_acceptor(io, tcp::endpoint(kFilter, port));

    http::Response page{beast::http::status::ok, 11};
    page.set(beast::http::field::content_type, "text/html");
    page.body() = std::string(16384, 'x');
    page.prepare_payload();

    config::Config config;
    config.upstream.servers = {{asio::ip::make_address("127.0.0.1"), dns.local_endpoint().port()}};
    config.http_filter.enabled = true;
    config.http_filter.addresses = {kFilter};
    config.http_filter.limits.max_requests_per_connection = kRequests + 1;
    server::StateHolder holder;
    holder.publish(bench_state());
    server::StateView view(holder);
    http::HttpCounters counters;
    const http::WarningPage warning(http::OperatorInfo{}, http::WarningTemplates::builtin());
    http::HttpFilter filter(io, config, view, warning, counters);

    asio::co_spawn(io, dns_responder(dns), asio::detached);
    asio::co_spawn(
        io, accept_loop(origin, [&](tcp::socket s) { return serve_static(std::move(s), page); }),
        asio::detached);
    asio::co_spawn(io,
                   accept_loop(filter_acceptor,
                               [&](tcp::socket s) { return filter.serve_http(std::move(s)); }),
                   asio::detached);
    std::thread server([&] { io.run(); });

    const double direct = requests_per_second(tcp::endpoint(kOrigin, port));
    const double filtered = requests_per_second(tcp::endpoint(kFilter, port));
    std::printf(
        "16 KiB page over loopback keep-alive (1 client): direct %.0f req/s, through the HTTP "
        "filter %.0f "
        "req/s, ratio %.2f (forwarded %llu)\n",
        direct, filtered, filtered / direct, static_cast<unsigned long long>(counters.forwarded));
    io.stop();
    server.join();
    return 0;
}
