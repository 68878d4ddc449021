// What one worker counts, written only by that worker's thread and read by others (metrics,
// shutdown summary): relaxed atomics compile to plain increments on x86, no lock prefix.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "daemon/metrics/counter.hpp"
#include "daemon/metrics/worker_metrics.hpp"
#include "daemon/server/transport.hpp"
#include "daemon/stats/client_log_buffer.hpp"
#include "daemon/stats/hit_buffer.hpp"

namespace roja::server {

using Counter = metrics::Counter;

// One per verdict of an answered query, so every query lands in exactly one of them.
struct WorkerCounters {
    std::array<Counter, kTransportCount> queries;  // by Transport
    Counter answered_blocked, answered_allowed_exception, answered_cached, answered_upstream,
        answered_safe_search, answered_stale, answered_servfail;
    Counter answered_url_filter;  // sent to the HTTP filter (a host with URL-level entries)
    Counter answered_local_zone;  // a locally served zone (RFC 6303) answered here
    Counter answered_local;       // a local record (local_records)
    Counter refused_acl, dropped_acl, dropped_malformed, formerr, notimp, badvers, refused_class;
    Counter blocked_by_cname, blocked_by_address;
    // rate_limit, by what the over-limit client got (never by client).
    Counter rate_limited_dropped, rate_limited_refused, rate_limited_truncated;
    Counter rate_limited_upstream_cap;  // SERVFAIL: the prefix's upstream queries at the cap
    Counter upstream_bad_reply;
    // Answers still waiting for an upstream: what a drain at shutdown waits for.
    std::atomic<std::int64_t> in_flight{0};
    // Labelled counters for /metrics: queries by type, blocks by list and group.
    metrics::WorkerMetrics metrics;
    // Blocked entries since the hit store's last flush (not atomic: the worker's thread only,
    // handed over by a task posted to it; see daemon/stats/hit_buffer.hpp).
    stats::HitBuffer hits;
    // The per-client log (stats.client_log; off unless its store hands out room): same rules.
    stats::ClientLogBuffer client_log;
};

}  // namespace roja::server
