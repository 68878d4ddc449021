// Reads one HTTP/1.1 request under the listener's limits: an idle deadline for its first byte,
// then a deadline for the whole request (slowloris), header and body caps, and the framing
// checks against smuggling. Shared by the warning server and the HTTP filter.
#pragma once

#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "config/http_config.hpp"

namespace roja::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

enum class ReadOutcome {
    request,           // a complete request is in the parser
    closed,            // the client closed or went idle between requests: close quietly
    timed_out,         // a request started but did not complete in time: close quietly
    bad_request,       // 400 and close
    header_too_large,  // 431 and close
    body_too_large,    // 413 and close
};

struct ReadResult {
    ReadOutcome outcome = ReadOutcome::closed;
    std::string_view problem;  // for the debug log
};

using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// `buffer` keeps bytes of a pipelined next request between calls. `parser` must be fresh.
// Stream: boost::beast::tcp_stream or TlsStream (explicitly instantiated for both).
template <class Stream>
boost::asio::awaitable<ReadResult> read_request(Stream& stream, boost::beast::flat_buffer& buffer,
                                                RequestParser& parser,
                                                const config::HttpLimits& limits);

// Ends a connection without losing the last answer: shuts down sending, then reads and drops
// what the client still sends (at most 64 KiB, at most one second), so the kernel does not
// reset the connection over unread bytes before the client has read the answer.
boost::asio::awaitable<void> close_gracefully(boost::beast::tcp_stream& stream);
// The same over TLS: close_notify first (bounded by one second), then the TCP close.
boost::asio::awaitable<void> close_gracefully(TlsStream& stream);

// The status a failed read is answered with (0 = close without an answer).
unsigned status_for(ReadOutcome outcome) noexcept;

}  // namespace roja::http
