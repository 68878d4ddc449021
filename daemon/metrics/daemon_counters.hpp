// Counters of the daemon as a whole, bumped by several threads (main, admin, hit store), so
// read-modify-write atomics: none of them is on the query path.
#pragma once

#include <atomic>
#include <cstdint>

namespace roja::metrics {

struct SharedCounter {
    std::atomic<std::uint64_t> value{0};
    void add(std::uint64_t n = 1) noexcept { value.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t get() const noexcept { return value.load(std::memory_order_relaxed); }
};

struct DaemonCounters {
    SharedCounter reloads_ok, reloads_failed;          // SIGHUP and POST /api/v1/reload
    SharedCounter tls_reloads_ok, tls_reloads_failed;  // DoT's certificate and key on SIGHUP
    SharedCounter hit_flushes, hit_flush_failures;     // the hit store's flushes
    SharedCounter hits_flushed;                        // blocked queries written to the store
    SharedCounter client_log_written,
        client_log_dropped;                             // per-client log records (stats.client_log)
    SharedCounter audit_records, audit_write_failures;  // records rojad appended or failed to
    SharedCounter api_requests, api_unauthorized, api_forbidden;
    std::atomic<std::uint64_t> upstreams_unreachable{0};  // 1 while no upstream answers (a gauge)
};

// The process's counters.
DaemonCounters& daemon_counters();

}  // namespace roja::metrics
