#include "daemon/http/warning_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>

#include "daemon/http/page_response.hpp"
#include "daemon/http/request_reader.hpp"
#include "daemon/http/school_tls.hpp"
#include "daemon/log/log.hpp"

namespace roja::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

void count(HttpCounters& counters, unsigned status) {
    if (status == 451)
        ++counters.pages_blocked;
    else if (status == 404)
        ++counters.pages_not_found;
    else
        ++counters.bad_requests;
}

// Answers a request that could not be read, when it deserves an answer.
template <class Stream>
asio::awaitable<void> refuse(Stream& stream, const ReadResult& result, HttpCounters& counters) {
    const unsigned status = status_for(result.outcome);
    if (result.outcome == ReadOutcome::timed_out) ++counters.timeouts;
    if (status == 0) co_return;
    ++counters.bad_requests;
    log::debug("http_request_refused",
               {{"status", std::to_string(status)}, {"reason", result.problem}});
    Response response = error_response(status, 11);
    co_await bhttp::async_write(stream, response, kNoThrow);
}

// The request loop, over plain TCP or TLS; returns when the connection is to be closed.
template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, const asio::ip::address& client,
                                     WarningContext& context) {
    beast::flat_buffer buffer(context.limits.max_header_bytes + 4096);
    PageResponse page;
    for (std::uint32_t served = 0; served < context.limits.max_requests_per_connection; ++served) {
        RequestParser parser;
        const ReadResult result = co_await read_request(stream, buffer, parser, context.limits);
        if (result.outcome != ReadOutcome::request) {
            co_await refuse(stream, result, context.counters);
            co_return;
        }
        const auto& request = parser.get();
        const PageRequest page_request{request[bhttp::field::host],
                                       request[bhttp::field::accept_language], client,
                                       std::chrono::system_clock::now()};
        context.page.respond(*context.state.get().policy, page_request, page);
        count(context.counters, page.status);
        const bool keep_alive = request.keep_alive() && page.status != 400 &&
                                served + 1 < context.limits.max_requests_per_connection;
        Response response =
            page.status == 400
                ? error_response(400, request.version())
                : page_response(page, context.page.info().operator_url, request.version(),
                                keep_alive, request.method() == bhttp::verb::head);
        beast::get_lowest_layer(stream).expires_after(
            context.limits.read_timeout);  // a client that never reads
        auto [write_error, written] = co_await bhttp::async_write(stream, response, kNoThrow);
        if (write_error || !keep_alive) co_return;
    }
}

}  // namespace

asio::awaitable<void> serve_warning_connection(asio::ip::tcp::socket socket,
                                               WarningContext& context) {
    boost::system::error_code ec;
    const auto client = socket.remote_endpoint(ec);
    if (ec) co_return;
    beast::tcp_stream stream(std::move(socket));
    co_await serve_requests(stream, client.address(), context);
    co_await close_gracefully(stream);
}

asio::awaitable<void> serve_warning_tls(asio::ip::tcp::socket socket, WarningContext& context,
                                        SchoolTls& tls) {
    boost::system::error_code ec;
    const auto client = socket.remote_endpoint(ec);
    if (ec) co_return;
    const auto state = context.state.shared();  // the handshake's policy stays alive through it
    SchoolHandshake handshake{state->policy.get(), state->policy->group_of(client.address()), {}};
    TlsStream stream(beast::tcp_stream(std::move(socket)), tls.context());
    SchoolTls::attach(stream.native_handle(), handshake);
    beast::get_lowest_layer(stream).expires_after(context.limits.read_timeout);
    auto [handshake_error] =
        co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (handshake_error) {
        ++context.counters.tls_refused;
        co_return;
    }
    co_await serve_requests(stream, client.address(), context);
    co_await close_gracefully(stream);
}

}  // namespace roja::http
