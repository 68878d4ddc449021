// What one try at one server came to, and the TCP exchange after TC=1 (UDP tries go through the
// pool's sockets: upstream_socket.hpp). The pool decides which server and what to do next.
#pragma once

#include "daemon/upstream/dns_question.hpp"
#include "daemon/upstream/query_id_table.hpp"
#include "daemon/upstream/upstream_counters.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace roja::upstream {

enum class TryStatus {
    answered,     // a validated reply with a usable RCODE
    truncated,    // validated, TC=1: retry over TCP
    error_rcode,  // validated, SERVFAIL or REFUSED: the server is up but had no answer
    timeout,
    network_error,
};

struct TryOutcome {
    TryStatus status = TryStatus::network_error;
    std::vector<std::uint8_t> reply;
    std::chrono::microseconds rtt{0};
    bool via_tcp = false;
};

struct ExchangeContext {
    QueryIdTable& ids;
    UpstreamCounters& counters;
};

using Deadline = std::chrono::steady_clock::time_point;

// What a validated reply means for its try: answered, truncated (when allowed: TCP next) or
// error_rcode (SERVFAIL, REFUSED); counted as accepted or as an error RCODE.
TryStatus classify_reply(std::span<const std::uint8_t> reply, UpstreamCounters& counters,
                         bool allow_truncated) noexcept;

// RFC 7766 framing (2-byte length); the whole exchange, connect included, ends by `deadline`.
boost::asio::awaitable<TryOutcome> tcp_exchange(boost::asio::ip::tcp::endpoint server,
                                                std::vector<std::uint8_t>& query,
                                                ExchangeContext context, Deadline deadline);

}  // namespace roja::upstream
