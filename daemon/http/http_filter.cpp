#include "daemon/http/http_filter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>

#include "daemon/http/host_header.hpp"
#include "daemon/http/origin_relay.hpp"
#include "daemon/http/page_response.hpp"

namespace roja::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kOriginReadBuffer = 16 * 1024;

upstream::UpstreamOptions resolver_options(const config::Config& config) {
    upstream::UpstreamOptions options;
    for (const auto& server : config.upstream.servers)
        options.servers.push_back({server.address, server.port});
    options.try_timeout = config.upstream.timeout;
    options.max_outstanding = 256;
    return options;
}

}  // namespace

std::vector<asio::ip::address> own_http_addresses(const config::Config& config) {
    std::vector<asio::ip::address> own = config.http_filter.addresses;
    own.insert(own.end(), config.blocking.warning_addresses.begin(),
               config.blocking.warning_addresses.end());
    for (const auto& endpoint : config.warning_page.listen) own.push_back(endpoint.address);
    return own;
}

struct HttpFilter::Origin {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::string host;
};

struct HttpFilter::Decision {
    enum class Kind { page, bad_request, misdirected, forward } kind = Kind::bad_request;
    std::string host{};  // canonical, for forward
};

HttpFilter::HttpFilter(asio::io_context& io, const config::Config& config, server::StateView& state,
                       const WarningPage& page, HttpCounters& counters)
    : settings_(config.http_filter),
      state_(state),
      page_(page),
      counters_(counters),
      resolver_(io, resolver_options(config), own_http_addresses(config)) {}

// The order matters: a whole-host block (DNS would have sent the client to the warning page)
// first, then the URL entries, and only hosts routed here are ever forwarded.
HttpFilter::Decision HttpFilter::decide(const RequestParser& parser,
                                        const asio::ip::address& client, PageResponse& page) {
    const auto& request = parser.get();
    const PageRequest page_request{request[bhttp::field::host],
                                   request[bhttp::field::accept_language], client,
                                   std::chrono::system_clock::now()};
    if (parse_host_header(page_request.host_header).status == HostStatus::invalid)
        return {Decision::Kind::bad_request};
    RequestUrl url;
    if (!url_reader_.read(page_request.host_header, request.target(), url).empty())
        return {Decision::Kind::bad_request};
    const HostName host = parse_host_header(url.host_key);
    if (host.status != HostStatus::name) return {Decision::Kind::misdirected};
    const filter::Policy& policy = *state_.get().policy;
    const filter::GroupIndex group = policy.group_of(client);
    if (const auto verdict = policy.decide(host.canonical, filter::kQtypeA, group);
        verdict.is_blocked()) {
        page_.render_blocked(policy, verdict, host.canonical, page_request, page);
        return {Decision::Kind::page};
    }
    if (const auto verdict = policy.decide_url(url.host_key, url.path_and_query, group);
        verdict.is_blocked()) {
        page_.render_blocked(policy, verdict, url.text, page_request, page);
        return {Decision::Kind::page};
    }
    if (!policy.is_routed_to_http_filter(host.canonical, group))
        return {Decision::Kind::misdirected};
    return {Decision::Kind::forward, host.canonical};
}

asio::awaitable<bool> HttpFilter::connect_origin(const std::string& host, std::uint16_t port,
                                                 std::optional<Origin>& origin) {
    if (origin && origin->host == host && origin->stream.socket().is_open()) co_return true;
    origin.reset();
    const auto address = co_await resolver_.resolve(host);
    if (!address) co_return false;
    // Built in place, no co_await inside the initialiser (GCC 12 miscompiles those).
    const auto executor = co_await asio::this_coro::executor;
    origin.emplace(Origin{beast::tcp_stream(executor), beast::flat_buffer(), host});
    // Beast reads into the buffer's spare capacity, at least 512 bytes: an empty buffer read a
    // 4 KiB response in 512-byte pieces, ~10 recvmsg per request (http_peers_bench: 0.63 of
    // nginx as a proxy before, see docs/benchmarks.md).
    origin->buffer.reserve(kOriginReadBuffer);
    origin->stream.expires_after(settings_.connect_timeout);
    auto [error] = co_await origin->stream.async_connect(tcp::endpoint(*address, port), kNoThrow);
    if (error) {
        origin.reset();
        co_return false;
    }
    // Headers and body pieces go out as they come, not held back by Nagle's algorithm.
    boost::system::error_code ignored;
    origin->stream.socket().set_option(tcp::no_delay(true), ignored);
    co_return true;
}

// One request to the origin and its answer streamed to the client.
asio::awaitable<RelayResult> HttpFilter::exchange(beast::tcp_stream& client, RequestParser& parser,
                                                  Origin& origin) {
    auto& request = parser.get();
    origin.stream.expires_after(settings_.origin_idle_timeout);
    auto [write_error, written] = co_await bhttp::async_write(origin.stream, request, kNoThrow);
    if (write_error) co_return RelayResult{RelayOutcome::origin_failed};
    co_return co_await relay_response(origin.stream, origin.buffer, client,
                                      request.method() == bhttp::verb::head,
                                      settings_.origin_idle_timeout);
}

// Sends the request to the origin and streams the answer back; false = close the client.
asio::awaitable<bool> HttpFilter::forward(beast::tcp_stream& client, RequestParser& parser,
                                          const Decision& decision, std::uint16_t port,
                                          std::optional<Origin>& origin) {
    const auto& request = parser.get();
    const bool idempotent =
        request.method() == bhttp::verb::get || request.method() == bhttp::verb::head;
    RelayResult relay{RelayOutcome::origin_failed};
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = origin && origin->host == decision.host;
        if (!co_await connect_origin(decision.host, port, origin)) break;
        relay = co_await exchange(client, parser, *origin);
        // An origin may close a kept-alive connection while it idles: nothing reached the
        // client yet, so a GET or HEAD is tried once more on a fresh connection.
        if (relay.outcome != RelayOutcome::origin_failed || !reused || !idempotent) break;
        origin.reset();
    }
    if (relay.outcome == RelayOutcome::origin_failed ||
        relay.outcome == RelayOutcome::origin_timed_out) {
        ++counters_.origin_failures;
        origin.reset();
        const unsigned status = relay.outcome == RelayOutcome::origin_timed_out ? 504 : 502;
        Response response = error_response(status, request.version());
        co_await bhttp::async_write(client, response, kNoThrow);
        co_return false;
    }
    ++counters_.forwarded;
    if (!relay.keep_alive) origin.reset();
    const bool complete = relay.outcome == RelayOutcome::complete;
    co_return complete&& relay.keep_alive&& request.keep_alive();
}

// A page (a listed URL) or an error, answered by the filter itself; false = close.
asio::awaitable<bool> HttpFilter::answer_here(beast::tcp_stream& stream,
                                              const RequestParser& parser, const Decision& decision,
                                              PageResponse& page) {
    const auto& request = parser.get();
    const bool is_page = decision.kind == Decision::Kind::page;
    const bool keep_alive = is_page && request.keep_alive();
    Response response;
    if (is_page) {
        ++counters_.pages_blocked;
        response = page_response(page, page_.info().operator_url, request.version(), keep_alive,
                                 request.method() == bhttp::verb::head);
    } else {
        ++counters_.bad_requests;
        response = error_response(decision.kind == Decision::Kind::misdirected ? 421 : 400,
                                  request.version());
    }
    stream.expires_after(settings_.limits.read_timeout);
    auto [write_error, written] = co_await bhttp::async_write(stream, response, kNoThrow);
    co_return !write_error && keep_alive;
}

asio::awaitable<void> HttpFilter::serve_http(tcp::socket socket) {
    boost::system::error_code ec;
    const auto client = socket.remote_endpoint(ec);
    const auto local = socket.local_endpoint(ec);
    if (ec) co_return;
    socket.set_option(tcp::no_delay(true), ec);
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer(settings_.limits.max_header_bytes + 4096);
    std::optional<Origin> origin;
    PageResponse page;
    for (std::uint32_t served = 0; served < settings_.limits.max_requests_per_connection;
         ++served) {
        RequestParser parser;
        const ReadResult result = co_await read_request(stream, buffer, parser, settings_.limits);
        if (result.outcome != ReadOutcome::request) {
            if (const unsigned status = status_for(result.outcome)) {
                ++counters_.bad_requests;
                Response response = error_response(status, 11);
                co_await bhttp::async_write(stream, response, kNoThrow);
            }
            break;
        }
        const Decision decision = decide(parser, client.address(), page);
        if (decision.kind == Decision::Kind::forward) {
            if (!co_await forward(stream, parser, decision, local.port(), origin)) break;
            continue;
        }
        if (!co_await answer_here(stream, parser, decision, page)) break;
    }
    co_await close_gracefully(stream);
}

}  // namespace roja::http
