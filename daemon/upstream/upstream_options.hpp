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

    friend bool operator==(const UpstreamServer&, const UpstreamServer&) = default;
};

struct UpstreamOptions {
    std::vector<UpstreamServer> servers;
    // One UDP try at one server; then the next server is tried.
    std::chrono::milliseconds try_timeout{1500};
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
};

}  // namespace roja::upstream
