// What an UpstreamPool is told at start-up: the forwarders to use and the time and load limits.
// Plain values; config/ fills them from YAML.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace roja::upstream {

struct UpstreamServer {
    boost::asio::ip::address address;
    std::uint16_t port = 53;
    // A new socket (a new kernel-chosen port) per query instead of the shared pool: the full
    // RFC 5452 port entropy, at the cost of a socket's set-up per query (docs/resolver.md).
    bool fresh_port = false;

    friend bool operator==(const UpstreamServer&, const UpstreamServer&) = default;
};

struct UpstreamOptions {
    std::vector<UpstreamServer> servers;
    // One UDP try waits srtt + 4 * rttvar of its server (RFC 6298), at least min_try_timeout and
    // at most try_timeout; then the query is sent again, to the next server or the same one.
    std::chrono::milliseconds try_timeout{1500};
    std::chrono::milliseconds min_try_timeout{50};
    // The whole resolve(), every server and the TCP retry included: past it the caller answers
    // SERVFAIL, so it must stay below the clients' own timeout (5 s for most stub resolvers).
    std::chrono::milliseconds deadline{4000};
    // A TCP retry after TC=1 (connect, write, read), still bounded by the deadline.
    std::chrono::milliseconds tcp_timeout{1500};
    // Upstream queries in flight per pool (per worker); one more is refused as `overloaded`.
    std::size_t max_outstanding = 1024;
    // A failing server is skipped for backoff_initial, doubling per consecutive failure.
    std::chrono::milliseconds backoff_initial{500};
    std::chrono::milliseconds backoff_max{30000};
    // Connected UDP sockets per server (per worker), each on a random port, each replaced after a
    // random time between half and one and a half socket_lifetime.
    std::size_t sockets_per_server = 8;
    std::chrono::milliseconds socket_lifetime{60000};
    // Sending a query again beyond one try per server costs a token; each answer earns
    // retry_ratio of one, up to retry_burst. No answers, no retransmits: a dead upstream's
    // queries never multiply the load on the others, and over time at most 1 + retry_ratio
    // queries go upstream per answer.
    double retry_ratio = 1.0;
    double retry_burst = 100;
};

}  // namespace roja::upstream
