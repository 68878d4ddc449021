#include "daemon/http/request_reader.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/ssl.hpp>

#include "daemon/http/request_framing.hpp"

namespace roja::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;

ReadResult failure(const boost::system::error_code& error) {
    if (error == beast::error::timeout) return {ReadOutcome::timed_out, "read timeout"};
    if (error == bhttp::error::header_limit || error == bhttp::error::buffer_overflow)
        return {ReadOutcome::header_too_large, "header too large"};
    if (error == bhttp::error::body_limit) return {ReadOutcome::body_too_large, "body too large"};
    if (error == bhttp::error::end_of_stream || error == asio::error::eof ||
        error == asio::error::connection_reset || error == asio::error::operation_aborted)
        return {ReadOutcome::closed, "closed"};
    if (error == bhttp::error::bad_transfer_encoding || error == bhttp::error::bad_content_length ||
        error == bhttp::error::multiple_content_length)
        return {ReadOutcome::bad_request, "conflicting Transfer-Encoding / Content-Length"};
    return {ReadOutcome::bad_request, "malformed request"};
}

}  // namespace

template <class Stream>
asio::awaitable<ReadResult> read_request(Stream& stream, beast::flat_buffer& buffer,
                                         RequestParser& parser, const config::HttpLimits& limits) {
    auto& tcp = beast::get_lowest_layer(stream);
    parser.header_limit(limits.max_header_bytes);
    parser.body_limit(limits.max_body_bytes);
    if (buffer.size() == 0) {  // waiting for the next request: the idle deadline
        tcp.expires_after(limits.idle_timeout);
        auto [error, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
        if (error) co_return ReadResult{ReadOutcome::closed, "idle"};
        buffer.commit(n);
    }
    // From the first byte on, the whole request must arrive within read_timeout, however
    // slowly it trickles in.
    tcp.expires_after(limits.read_timeout);
    auto [header_error, header_bytes] =
        co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
    if (header_error) co_return failure(header_error);
    if (const auto problem = framing_problem(parser.get()); !problem.empty())
        co_return ReadResult{ReadOutcome::bad_request, problem};
    if (!parser.is_done()) {
        auto [body_error, body_bytes] =
            co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
        if (body_error) co_return failure(body_error);
    }
    co_return ReadResult{ReadOutcome::request, {}};
}

template asio::awaitable<ReadResult> read_request(beast::tcp_stream&, beast::flat_buffer&,
                                                  RequestParser&, const config::HttpLimits&);
template asio::awaitable<ReadResult> read_request(TlsStream&, beast::flat_buffer&, RequestParser&,
                                                  const config::HttpLimits&);

asio::awaitable<void> close_gracefully(beast::tcp_stream& stream) {
    boost::system::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    if (ec) co_return;
    stream.expires_after(std::chrono::seconds(1));
    char sink[4096];
    for (std::size_t drained = 0; drained < 65536;) {
        auto [error, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
        if (error) break;
        drained += n;
    }
    stream.socket().close(ec);
}

asio::awaitable<void> close_gracefully(TlsStream& stream) {
    auto& tcp = beast::get_lowest_layer(stream);
    tcp.expires_after(std::chrono::seconds(1));
    co_await stream.async_shutdown(kNoThrow);
    boost::system::error_code ec;
    tcp.socket().close(ec);
}

unsigned status_for(ReadOutcome outcome) noexcept {
    switch (outcome) {
        case ReadOutcome::bad_request:
            return 400;
        case ReadOutcome::header_too_large:
            return 431;
        case ReadOutcome::body_too_large:
            return 413;
        default:
            return 0;
    }
}

}  // namespace roja::http
