// The families of /metrics by area, each appended to one Exposition (metrics_page.cpp puts them
// in order). Internal to daemon/metrics.
#pragma once

#include <cstdint>

#include "daemon/api/metrics_page/exposition.hpp"
#include "daemon/api/metrics_page/metrics_view.hpp"

namespace roja::metrics {

void render_query_families(Exposition& out, const MetricsView& view);
void render_block_families(Exposition& out, const MetricsView& view);
void render_upstream_families(Exposition& out, const MetricsView& view);
void render_feed_families(Exposition& out, const MetricsView& view);
void render_daemon_families(Exposition& out, const MetricsView& view);
void render_http_families(Exposition& out, const MetricsView& view);
void render_rpz_families(Exposition& out, const MetricsView& view);
void render_rpz_secondary_families(Exposition& out, const MetricsView& view);

// The sum of one worker counter over the workers.
template <class Field>
std::uint64_t sum_workers(const MetricsView& view, Field field) {
    std::uint64_t total = 0;
    for (const WorkerView& worker : view.workers) total += field(*worker.counters).get();
    return total;
}

}  // namespace roja::metrics
