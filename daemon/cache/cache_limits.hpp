// The knobs of one worker's answer cache (the daemon splits the configured budget across workers).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace roja::cache {

struct CacheLimits {
    // Everything counted: entries with their bytes (and malloc's chunk overhead) plus the index.
    std::size_t max_bytes = 64u << 20;
    std::chrono::seconds min_ttl{0};  // raises short TTLs (answers and every record in them)
    std::chrono::seconds max_ttl{86400};
    std::chrono::seconds max_negative_ttl{3600};  // NXDOMAIN / NODATA (RFC 2308)
    bool serve_stale = true;                      // RFC 8767
    std::chrono::seconds stale_ttl{30};           // TTL written into a stale answer
    std::chrono::seconds max_stale{86400};        // how long past expiry an entry stays usable
    bool prefetch = true;
    std::uint32_t prefetch_min_hits = 2;  // "popular": fresh hits before a refresh is worth it
};

}  // namespace roja::cache
