// Watches whether any upstream still answers, for the audit log's "enforcement degraded / restored
// (no upstream)" records: every few seconds on the main thread it sums the workers' per-server
// tries and answers; tries without a single answer over a period is degraded, any answer after
// that is restored.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "daemon/audit/audit_log.hpp"
#include "daemon/server/server.hpp"

namespace roja::app {

// The decision, apart from clocks and threads.
class UpstreamReachability {
  public:
    enum class Change { none, degraded, restored };
    // Periods with fewer tries than this decide nothing (an idle resolver is not a dead one).
    static constexpr std::uint64_t kMinTries = 3;

    // `tries` and `answered` are running totals (answered: any validated reply, SERVFAIL too).
    Change observe(std::uint64_t tries, std::uint64_t answered);
    bool is_degraded() const noexcept { return is_degraded_; }

  private:
    std::uint64_t last_tries_ = 0, last_answered_ = 0;
    bool is_degraded_ = false;
};

class UpstreamWatch {
  public:
    UpstreamWatch(boost::asio::io_context& io, const server::Server& server, audit::AuditLog* audit,
                  std::chrono::seconds period = std::chrono::seconds(5));
    void start();

  private:
    void check();

    boost::asio::steady_timer timer_;
    const server::Server& server_;
    audit::AuditLog* audit_;
    std::chrono::seconds period_;
    UpstreamReachability reachability_;
    std::chrono::steady_clock::time_point degraded_since_{};
};

}  // namespace roja::app
