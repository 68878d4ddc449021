// What one worker counts, written only by that worker's thread and read by others (metrics,
// shutdown summary): relaxed atomics compile to plain increments on x86, no lock prefix.
#pragma once

#include <atomic>
#include <cstdint>

namespace roja::server {

struct Counter {
    std::atomic<std::uint64_t> value{0};
    void add(std::uint64_t n = 1) noexcept {
        value.store(value.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    std::uint64_t get() const noexcept { return value.load(std::memory_order_relaxed); }
};

// One per verdict of an answered query, so every query lands in exactly one of them.
struct WorkerCounters {
    Counter queries_udp, queries_tcp;
    Counter answered_blocked, answered_allowed_exception, answered_cached, answered_upstream, answered_safe_search,
        answered_stale, answered_servfail;
    Counter answered_url_filter;  // sent to the HTTP filter (a host with URL-level entries)
    Counter refused_acl, dropped_acl, dropped_malformed, formerr, notimp, badvers, refused_class;
    Counter blocked_by_cname, blocked_by_address;
    Counter upstream_bad_reply;
    // Answers still waiting for an upstream: what a drain at shutdown waits for.
    std::atomic<std::int64_t> in_flight{0};
};

}  // namespace roja::server
