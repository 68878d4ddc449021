#include "daemon/app/upstream_watch.hpp"

#include "daemon/log/log.hpp"
#include "daemon/metrics/daemon_counters.hpp"

namespace roja::app {

UpstreamReachability::Change UpstreamReachability::observe(std::uint64_t tries,
                                                           std::uint64_t answered) {
    const std::uint64_t new_tries = tries - last_tries_, new_answers = answered - last_answered_;
    last_tries_ = tries;
    last_answered_ = answered;
    if (new_answers > 0 && is_degraded_) {
        is_degraded_ = false;
        return Change::restored;
    }
    if (new_answers == 0 && new_tries >= kMinTries && !is_degraded_) {
        is_degraded_ = true;
        return Change::degraded;
    }
    return Change::none;
}

UpstreamWatch::UpstreamWatch(boost::asio::io_context& io, const server::Server& server,
                             audit::AuditLog* audit, std::chrono::seconds period)
    : timer_(io), server_(server), audit_(audit), period_(period) {}

void UpstreamWatch::start() {
    timer_.expires_after(period_);
    timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        check();
        start();
    });
}

void UpstreamWatch::check() {
    std::uint64_t tries = 0, answered = 0;
    for (unsigned w = 0; w < server_.threads(); ++w) {
        const auto& pool = server_.worker(w).upstreams();
        for (std::size_t s = 0; s < pool.options().servers.size(); ++s) {
            tries += pool.server_stats(s).tries.get();
            answered +=
                pool.server_stats(s).answered.get() + pool.server_stats(s).error_rcodes.get();
        }
    }
    const auto change = reachability_.observe(tries, answered);
    metrics::daemon_counters().upstreams_unreachable.store(reachability_.is_degraded() ? 1 : 0);
    if (change == UpstreamReachability::Change::none) return;
    const bool is_degraded = change == UpstreamReachability::Change::degraded;
    const auto now = std::chrono::steady_clock::now();
    boost::json::object details{{"reason", "no_upstream"}};
    if (is_degraded) {
        degraded_since_ = now;
        details["period_seconds"] = period_.count();
    } else {
        details["seconds_degraded"] = std::chrono::duration<double>(now - degraded_since_).count();
    }
    (is_degraded ? log::error : log::info)(
        is_degraded ? "enforcement_degraded" : "enforcement_restored", {{"reason", "no_upstream"}});
    if (audit_)
        audit_->append(is_degraded ? "enforcement_degraded" : "enforcement_restored",
                       std::move(details));
}

}  // namespace roja::app
