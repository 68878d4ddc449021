// The warning page's cost: (1) deciding and rendering the page for a blocked Host against copying
// a prebuilt page of the same size, and (2) whole requests over loopback keep-alive (read,
// decide, render, write) against the same server loop answering a prebuilt static response.
// Prints both figures and the ratios.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include "daemon/http/page_response.hpp"
#include "daemon/http/request_reader.hpp"
#include "daemon/http/warning_session.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace roja;

constexpr int kRenders = 200'000;
constexpr int kRequests = 40'000;

std::shared_ptr<server::ServingState> bench_state() {
    filter::PolicyBuilder builder;
    filter::ListInfo info;
    info.id = "orders";
    info.reason = filter::ReasonClass::censored;
    info.has_records = true;
    const auto list = builder.add_list(info);
    filter::ListLoader loader = builder.loader(list);
    std::string csv =
        "id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,"
        "expires\n";
    for (int i = 0; i < 10000; ++i)
        csv += "o" + std::to_string(i) + ",domain,casino" + std::to_string(i) +
               ".test,AKEP,123/2025,2025-03-01,Ligji 54/2024 neni 12,gambling,2025-03-01,\n";
    filter::parse_list(filter::ListFormat::csv, csv, "orders.csv", loader);
    auto state = std::make_shared<server::ServingState>();
    state->policy = std::move(builder).build();
    return state;
}

http::WarningPage bench_page() {
    http::OperatorInfo info;
    info.organisation = "Test ISP";
    info.operator_url = "https://isp.example/blocks";
    info.appeal_url = "https://isp.example/appeal";
    return http::WarningPage(info, http::WarningTemplates::builtin());
}

double ns_per(Clock::time_point start, int count) {
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / count;
}

void render_figures(const http::WarningPage& page, const filter::Policy& policy) {
    http::PageResponse out;
    const http::PageRequest request{"www.casino4242.test", "", asio::ip::make_address("127.0.0.1"),
                                    std::chrono::system_clock::now()};
    page.respond(policy, request, out);
    if (out.status != 451) std::abort();
    const std::string prebuilt = out.body;
    std::size_t bytes = 0;
    auto start = Clock::now();
    for (int i = 0; i < kRenders; ++i) {
        page.respond(policy, request, out);
        bytes += out.body.size();
    }
    const double render = ns_per(start, kRenders);
    std::string copy;
    start = Clock::now();
    for (int i = 0; i < kRenders; ++i) {
        copy.assign(prebuilt);
        bytes += copy.size();
    }
    const double baseline = ns_per(start, kRenders);
    std::printf(
        "render: decide + render a %zu-byte page %.0f ns, copy of a prebuilt page %.0f ns, ratio "
        "%.1fx "
        "(%zu bytes)\n",
        prebuilt.size(), render, baseline, render / baseline, bytes);
}

// The baseline server: the same request reading, answering a prebuilt response.
asio::awaitable<void> serve_static(tcp::socket socket, const http::Response& prebuilt,
                                   const config::HttpLimits& limits) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(limits.max_header_bytes + 4096);
    for (;;) {
        http::RequestParser parser;
        if ((co_await http::read_request(stream, buffer, parser, limits)).outcome !=
            http::ReadOutcome::request)
            break;
        http::Response response = prebuilt;
        auto [error, n] = co_await beast::http::async_write(stream, response,
                                                            asio::as_tuple(asio::use_awaitable));
        if (error) break;
    }
}

// Requests per second of one keep-alive client against a server running `handler` on its own
// thread.
template <class Handler>
double requests_per_second(Handler handler) {
    asio::io_context io(1);
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto port = acceptor.local_endpoint().port();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto socket = co_await acceptor.async_accept(asio::use_awaitable);
            co_await handler(std::move(socket));
        },
        asio::detached);
    std::thread server([&] { io.run(); });
    asio::io_context client_io(1);
    tcp::socket client(client_io);
    client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    client.set_option(tcp::no_delay(true));
    const std::string request =
        "GET / HTTP/1.1\r\nHost: www.casino4242.test\r\nAccept-Language: sq\r\n\r\n";
    asio::streambuf in;
    const auto start = Clock::now();
    for (int i = 0; i < kRequests; ++i) {
        asio::write(client, asio::buffer(request));
        const std::size_t head = asio::read_until(client, in, "\r\n\r\n");
        const std::string headers(
            asio::buffers_begin(in.data()),
            asio::buffers_begin(in.data()) + static_cast<std::ptrdiff_t>(head));
        in.consume(head);
        const auto at = headers.find("Content-Length: ");
        if (at == std::string::npos) std::abort();
        const std::size_t length = std::stoul(headers.substr(at + 16));
        if (in.size() < length) asio::read(client, in, asio::transfer_exactly(length - in.size()));
        in.consume(length);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    client.close();
    io.stop();
    server.join();
    return kRequests / seconds;
}

}  // namespace

int main() {
    const auto state = bench_state();
    const http::WarningPage page = bench_page();
    render_figures(page, *state->policy);

    server::StateHolder holder;
    holder.publish(state);
    server::StateView view(holder);
    config::HttpLimits limits;
    limits.max_requests_per_connection = kRequests + 1;
    http::HttpCounters counters;
    http::WarningContext context{page, view, limits, counters};
    const double roja = requests_per_second([&](tcp::socket socket) {
        return http::serve_warning_connection(std::move(socket), context);
    });

    http::PageResponse prebuilt_page;
    page.respond(*state->policy,
                 {"www.casino4242.test", "sq", {}, std::chrono::system_clock::now()},
                 prebuilt_page);
    const http::Response prebuilt =
        http::page_response(prebuilt_page, page.info().operator_url, 11, true, false);
    const double baseline = requests_per_second(
        [&](tcp::socket socket) { return serve_static(std::move(socket), prebuilt, limits); });
    std::printf(
        "requests over loopback keep-alive (1 client): warning page %.0f req/s, static response "
        "%.0f req/s, "
        "ratio %.2f\n",
        roja, baseline, roja / baseline);
    return 0;
}
