// Per-server health for one pool: smoothed RTT and consecutive failures decide the order in which
// servers are tried. No clock inside: callers pass `now`, so tests need no sleeps.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace roja::upstream {

struct ServerHealth {
    std::optional<std::chrono::microseconds>
        srtt;  // EWMA of answered tries; none yet → probe first
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
    std::vector<std::size_t> try_order(Clock::time_point now) const;

    void record_success(std::size_t server, std::chrono::microseconds rtt);
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
