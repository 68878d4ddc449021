// One try at one server: a UDP exchange on a fresh socket, or a TCP exchange after TC=1. The pool
// decides which server and what to do with the outcome.
#pragma once

#include "daemon/upstream/dns_question.hpp"
#include "daemon/upstream/query_id_table.hpp"
#include "daemon/upstream/upstream_counters.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <cstdint>
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

// `query` gets a fresh ID written into it. Replies from another address or port, with another ID
// or another question are counted and ignored: the wait goes on until `deadline`.
boost::asio::awaitable<TryOutcome> udp_exchange(boost::asio::ip::udp::endpoint server,
                                                std::vector<std::uint8_t>& query,
                                                ExchangeContext context, Deadline deadline);

// RFC 7766 framing (2-byte length); the whole exchange, connect included, ends by `deadline`.
boost::asio::awaitable<TryOutcome> tcp_exchange(boost::asio::ip::tcp::endpoint server,
                                                std::vector<std::uint8_t>& query,
                                                ExchangeContext context, Deadline deadline);

}  // namespace roja::upstream
