// Everything /metrics is rendered from, gathered by the admin listener at scrape time: the
// workers' counters and pools (read through relaxed atomics while they run), the feeds' status,
// the daemon's counters and the policy in force.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/feed/feed_status.hpp"
#include "daemon/http/http_counters.hpp"
#include "daemon/metrics/daemon_counters.hpp"
#include "daemon/metrics/label_slots.hpp"
#include "daemon/metrics/zone_transfer_counters.hpp"
#include "daemon/rpz/rpz_counters.hpp"
#include "daemon/server/worker_counters.hpp"
#include "daemon/upstream/upstream_pool.hpp"

namespace roja::metrics {

struct WorkerView {
    const server::WorkerCounters* counters = nullptr;
    const upstream::UpstreamPool* pool = nullptr;  // may be null (tests)
};

struct PolicyFigures {
    std::uint64_t generation = 0;  // published states since start
    std::size_t lists = 0, name_entries = 0, groups = 0;
};

struct MetricsView {
    std::vector<WorkerView> workers;
    std::vector<feed::FeedStatus> feeds;
    PolicyFigures policy;
    const DaemonCounters* daemon = &daemon_counters();
    const http::HttpCounters* http_counters =
        nullptr;                            // the warning page and HTTP filter (null: not running)
    const rpz::RpzCounters* rpz = nullptr;  // the RPZ export (null: not exporting)
    MetricSlots* slots = &metric_slots();
    const ZoneTransferCounters* zone_transfers = &zone_transfer_counters();  // RPZ secondary
    std::string version;
    std::chrono::system_clock::time_point started{}, now{};
};

// The whole page in the text exposition format.
std::string render_metrics(const MetricsView& view);

}  // namespace roja::metrics
