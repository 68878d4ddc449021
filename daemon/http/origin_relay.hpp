// Streams an origin's response to the client as it arrives, a buffer at a time (Beast's relay
// pattern): status and headers unchanged, chunked bodies re-chunked, bodies of any size never
// held whole, HEAD responses without a body.
#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace roja::http {

enum class RelayOutcome {
    complete,       // the whole response reached the client
    origin_failed,  // nothing was sent to the client: answer 502 (or 504 on a timeout)
    origin_timed_out,
    broken,  // failed half-way: close the client connection
};

struct RelayResult {
    RelayOutcome outcome = RelayOutcome::broken;
    bool keep_alive = false;  // both sides may carry on
};

boost::asio::awaitable<RelayResult> relay_response(boost::beast::tcp_stream& origin,
                                                   boost::beast::flat_buffer& origin_buffer,
                                                   boost::beast::tcp_stream& client,
                                                   bool head_request,
                                                   std::chrono::milliseconds timeout);

}  // namespace roja::http
