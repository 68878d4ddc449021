// One worker's cache of upstream answers, keyed by question + DO + CD. Single-threaded by design:
// each worker owns one (no locks); a hit copies the stored bytes into the caller's buffer with
// the query ID and counted-down TTLs, without allocating.
#pragma once

#include "daemon/cache/cache_entry.hpp"
#include "daemon/cache/cache_key.hpp"
#include "daemon/cache/cache_limits.hpp"
#include "daemon/cache/entry_index.hpp"
#include "daemon/cache/lru_list.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace roja::cache {

enum class LookupStatus : std::uint8_t {
    miss,             // nothing usable: ask upstream
    fresh,            // answer copied into out
    stale_available,  // expired but kept: ask upstream, call serve_stale() if that fails
    stale,            // serve_stale() copied an expired answer with TTL = stale_ttl
};

struct LookupResult {
    LookupStatus status = LookupStatus::miss;
    std::size_t length = 0;     // bytes written to out (fresh, stale)
    bool prefetch_due = false;  // popular entry in its last 10 %: refresh it in the background
    std::uint64_t policy_generation = 0;  // what the answer was last checked against (fresh, stale)
};

enum class InsertOutcome : std::uint8_t {
    stored,
    zero_ttl,       // TTL 0 after clamping: not stored (an older entry for the key is dropped)
    too_large,      // over 1/8 of the budget (an older entry for the key is dropped)
    not_cacheable,  // truncated, SERVFAIL & co., or not a response (see is_cacheable_reply)
    malformed,      // name > kMaxCacheName, message < 12 or > 65535 bytes, offset out of range
};

struct CacheStats {
    std::size_t entries = 0;
    std::size_t bytes = 0;  // entries' charge + the index's slot array
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;  // includes stale_available lookups
    std::uint64_t stale_served = 0;
    std::uint64_t evictions = 0;  // live entries pushed out for room (LRU)
    std::uint64_t expired = 0;    // entries dropped after their stale window
    std::uint64_t inserts = 0;
};

class AnswerCache {
  public:
    explicit AnswerCache(CacheLimits limits);
    ~AnswerCache();
    AnswerCache(const AnswerCache&) = delete;
    AnswerCache& operator=(const AnswerCache&) = delete;

    // Stores the upstream message as given (ID bytes included; they are overwritten when served).
    // ttl_offsets: where each record's 32-bit TTL sits (never the OPT record's). ttl: the entry's
    // lifetime (min of the record TTLs, or the RFC 2308 negative TTL), clamped to
    // [min_ttl, max_ttl] or [min_ttl, max_negative_ttl]. Replaces any entry for the key.
    // policy_generation: the policy the answer's CNAME targets and addresses were checked
    // against; lookups report it, so a caller with a newer policy checks the answer again.
    InsertOutcome insert(const CacheKey& key, std::span<const std::uint8_t> message,
                         std::span<const std::uint16_t> ttl_offsets, std::uint32_t ttl,
                         AnswerKind kind, TimePoint now, std::uint64_t policy_generation = 0);

    // out should hold 65535 bytes; an entry larger than out is reported as a miss.
    LookupResult lookup(const CacheKey& key, TimePoint now, std::uint16_t query_id,
                        std::span<std::uint8_t> out);

    // RFC 8767, for when every upstream failed: an expired entry within max_stale is copied with
    // every TTL set to stale_ttl (status stale); a fresh one as lookup() would; otherwise miss.
    LookupResult serve_stale(const CacheKey& key, TimePoint now, std::uint16_t query_id,
                             std::span<std::uint8_t> out);

    // After a lookup reported an older policy_generation: the answer passed the check against
    // `policy_generation` (confirm) or did not and must not be served again (erase). A policy
    // change thus costs one check per entry hit, not a refill of the whole cache.
    void confirm(const CacheKey& key, std::uint64_t policy_generation);
    void erase(const CacheKey& key);

    void clear();
    const CacheStats& stats() const { return stats_; }
    const CacheLimits& limits() const { return limits_; }

  private:
    std::uint32_t clamp_ttl(std::uint32_t ttl, AnswerKind kind) const;
    bool is_fresh(const CacheEntry& e, TimePoint now) const { return now < e.expires(); }
    bool is_dead(const CacheEntry& e, TimePoint now) const;
    LookupResult serve_fresh(CacheEntry& e, TimePoint now, std::uint16_t query_id,
                             std::span<std::uint8_t> out);
    bool prefetch_due(CacheEntry& e, TimePoint now) const;
    bool make_room(std::size_t charge, TimePoint now);
    bool reap_dead(TimePoint now, std::size_t budget);
    void remove(CacheEntry* e);
    void refresh_byte_count();

    CacheLimits limits_;
    EntryIndex index_;
    LruList lru_;
    CacheEntry* reap_cursor_ = nullptr;  // walks from the LRU back towards the front
    std::size_t entry_bytes_ = 0;
    CacheStats stats_;
};

}  // namespace roja::cache
