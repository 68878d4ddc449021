// Per-server health for one pool: smoothed RTT and consecutive failures decide the order in which
// servers are tried, and smoothed RTT plus its variance each try's timeout (RFC 6298's RTO).
// No clock inside: callers pass `now`, so tests need no sleeps.
#pragma once

#include <boost/container/small_vector.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace roja::upstream {

// Server positions in the order to try them; inline for up to 8 servers (no allocation per query).
using ServerOrder = boost::container::small_vector<std::size_t, 8>;

struct ServerHealth {
    std::optional<std::chrono::microseconds>
        srtt;                             // EWMA of answered tries; none yet → probe first
    std::chrono::microseconds rttvar{0};  // mean deviation of the samples from srtt
    std::uint32_t consecutive_failures = 0;
    std::chrono::steady_clock::time_point down_until{};  // skipped until then (while others are up)
};

class HealthTable {
  public:
    using Clock = std::chrono::steady_clock;

    HealthTable(std::size_t servers, std::chrono::milliseconds backoff_initial,
                std::chrono::milliseconds backoff_max);

    // Servers not backed off, fastest first (never-measured ones first: they need a probe), then
    // the backed-off ones, soonest-to-return first, so that when all are down all are still tried.
    ServerOrder try_order(Clock::time_point now) const;

    void record_success(std::size_t server, std::chrono::microseconds rtt);
    // srtt + 4 * rttvar within [floor, ceiling]; a server not measured yet gets min(1 s, ceiling),
    // RFC 6298's initial RTO: it may be a recursive resolver working on a miss.
    std::chrono::microseconds try_timeout(std::size_t server, std::chrono::microseconds floor,
                                          std::chrono::microseconds ceiling) const;
    // Each consecutive failure doubles the back-off, up to backoff_max.
    void record_failure(std::size_t server, Clock::time_point now);

    const ServerHealth& at(std::size_t server) const { return servers_.at(server); }
    std::size_t size() const noexcept { return servers_.size(); }

  private:
    std::vector<ServerHealth> servers_;
    std::chrono::milliseconds backoff_initial_;
    std::chrono::milliseconds backoff_max_;
};

}  // namespace roja::upstream
