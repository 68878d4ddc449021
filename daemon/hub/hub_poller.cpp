#include "daemon/hub/hub_poller.hpp"

#include <algorithm>
#include <random>

#include "daemon/hub/alarm_sweep.hpp"
#include "daemon/hub/hub_counters.hpp"
#include "daemon/hub/node_poll.hpp"
#include "daemon/hub/probe_store.hpp"
#include "daemon/log/log.hpp"

namespace roja::hub {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

HubPoller::HubPoller(const config::HubConfig& hub, const std::vector<NodeTarget>& nodes,
                     const std::vector<feed::MinisignPublicKey>& prober_keys, std::string database,
                     CycleDone on_cycle)
    : hub_(hub),
      nodes_(nodes),
      prober_keys_(prober_keys),
      database_(std::move(database)),
      on_cycle_(std::move(on_cycle)) {}

HubPoller::~HubPoller() {
    stop();
}

void HubPoller::start() {
    thread_ = std::thread([this] { loop(); });
}

void HubPoller::stop() {
    {
        const std::lock_guard lock(mutex_);
        is_stopping_ = true;
    }
    is_cancelled_ = true;
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void HubPoller::loop() {
    for (;;) {
        const CycleSummary summary = run_cycle();
        if (on_cycle_) on_cycle_(summary);
        std::unique_lock lock(mutex_);
        if (wake_.wait_for(lock, next_wait(), [this] { return is_stopping_; })) return;
    }
}

std::chrono::milliseconds HubPoller::next_wait() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    const auto jitter = std::chrono::duration_cast<std::chrono::milliseconds>(hub_.poll.jitter);
    std::uniform_int_distribution<std::int64_t> spread(-jitter.count(), jitter.count());
    return std::chrono::duration_cast<std::chrono::milliseconds>(hub_.poll.interval) +
           std::chrono::milliseconds(spread(random));
}

void HubPoller::poll_some(std::atomic<std::size_t>& next, CycleSummary& summary,
                          std::mutex& guard) {
    auto db = open_hub_database(database_);
    if (!db) {
        log::error("hub_store_unusable", {{"reason", db.error().message()}});
        return;
    }
    for (std::size_t i; (i = next.fetch_add(1)) < nodes_.size() && !is_cancelled_;) {
        const PollOutcome outcome = poll_node(nodes_[i], db->get(), unix_now(), &is_cancelled_);
        if (!outcome.error.empty())
            log::warning("hub_poll_failed",
                         {{"node", nodes_[i].config.id}, {"reason", outcome.error}});
        const std::lock_guard lock(guard);
        summary.failed += outcome.error.empty() ? 0 : 1;
        summary.new_records += outcome.new_records;
    }
}

CycleSummary HubPoller::run_cycle() {
    CycleSummary summary;
    summary.nodes = nodes_.size();
    std::atomic<std::size_t> next{0};
    std::mutex guard;
    const std::size_t width = std::min<std::size_t>(hub_.poll.parallel, nodes_.size());
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < width; ++i)
        workers.emplace_back([&] { poll_some(next, summary, guard); });
    for (std::thread& worker : workers) worker.join();
    if (auto db = open_hub_database(database_)) {
        ingest_probe_reports(db->get(), hub_.probes, prober_keys_, nodes_, unix_now());
        if (auto swept = sweep_alarms(db->get(), hub_, unix_now()); !swept)
            log::error("hub_alarm_sweep_failed", {{"reason", swept.error().message()}});
    }
    hub_counters().cycles.fetch_add(1, std::memory_order_relaxed);
    return summary;
}

}  // namespace roja::hub
