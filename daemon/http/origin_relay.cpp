#include "daemon/http/origin_relay.hpp"

#include <array>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace roja::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kRelayChunk = 65536;
constexpr std::size_t kMaxResponseHeader = std::size_t{64} * 1024;

}  // namespace

asio::awaitable<RelayResult> relay_response(beast::tcp_stream& origin,
                                            beast::flat_buffer& origin_buffer,
                                            beast::tcp_stream& client, bool head_request,
                                            std::chrono::milliseconds timeout) {
    bhttp::response_parser<bhttp::buffer_body> parser;
    parser.body_limit(boost::none);  // streamed, never held: no reason to cap it
    parser.header_limit(kMaxResponseHeader);
    parser.skip(head_request);
    origin.expires_after(timeout);
    auto [header_error, header_bytes] =
        co_await bhttp::async_read_header(origin, origin_buffer, parser, kNoThrow);
    if (header_error == beast::error::timeout)
        co_return RelayResult{RelayOutcome::origin_timed_out};
    if (header_error) co_return RelayResult{RelayOutcome::origin_failed};
    const bool keep_alive = parser.get().keep_alive() && !parser.get().need_eof();
    bhttp::response_serializer<bhttp::buffer_body> serializer{parser.get()};
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): filled by each read before use
    std::array<char, kRelayChunk> chunk;
    do {
        auto& body = parser.get().body();
        if (!parser.is_done()) {
            body.data = chunk.data();
            body.size = chunk.size();
            origin.expires_after(timeout);
            auto [read_error, n] =
                co_await bhttp::async_read(origin, origin_buffer, parser, kNoThrow);
            if (read_error && read_error != bhttp::error::need_buffer)
                co_return RelayResult{RelayOutcome::broken};
            body.size = chunk.size() - body.size;
            body.data = chunk.data();
            body.more = !parser.is_done();
        } else {
            body.data = nullptr;
            body.size = 0;
            body.more = false;
        }
        client.expires_after(timeout);
        auto [write_error, m] = co_await bhttp::async_write(client, serializer, kNoThrow);
        if (write_error && write_error != bhttp::error::need_buffer)
            co_return RelayResult{RelayOutcome::broken};
    } while (!parser.is_done() && !serializer.is_done());
    co_return RelayResult{RelayOutcome::complete, keep_alive};
}

}  // namespace roja::http
