// One cached answer in a single allocation: header, TTL offsets, canonical name, message bytes.
// The header carries the LRU links, so the recency list needs no nodes of its own.
#pragma once

#include "daemon/cache/cache_key.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

namespace roja::cache {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class AnswerKind : std::uint8_t { positive, negative };

struct CacheEntry {
    CacheEntry* lru_prev = nullptr;  // towards the most recently used end
    CacheEntry* lru_next = nullptr;  // towards the least recently used end
    std::uint64_t hash = 0;
    std::uint64_t fields = 0;  // key_fields() of the key it was stored under
    TimePoint inserted{};
    // The policy its CNAME targets and addresses were last checked against (the serving state's
    // serial): a hit under a newer policy is checked again before it is served.
    std::uint64_t policy_generation = 0;
    std::uint32_t ttl = 0;  // clamped, seconds: fresh while now < inserted + ttl
    std::uint32_t hits = 0;
    std::uint16_t name_length = 0;
    std::uint16_t offset_count = 0;
    std::uint16_t message_length = 0;
    AnswerKind kind = AnswerKind::positive;
    bool prefetch_reported = false;

    const std::byte* payload() const { return reinterpret_cast<const std::byte*>(this + 1); }
    std::byte* payload() { return reinterpret_cast<std::byte*>(this + 1); }
    std::string_view name() const {
        return {reinterpret_cast<const char*>(payload() + std::size_t{2} * offset_count),
                name_length};
    }
    const std::uint8_t* message() const {
        return reinterpret_cast<const std::uint8_t*>(payload() + std::size_t{2} * offset_count +
                                                     name_length);
    }
    std::uint16_t ttl_offset(std::size_t i) const;
    TimePoint expires() const { return inserted + std::chrono::seconds(ttl); }
    bool matches(const CacheKey& key, std::uint64_t key_hash) const {
        return hash == key_hash && fields == key_fields(key) && name() == key.qname;
    }
};

struct CacheEntryDeleter {
    void operator()(CacheEntry* entry) const noexcept;
};
using CacheEntryPtr = std::unique_ptr<CacheEntry, CacheEntryDeleter>;

// What the entry costs in memory: the allocation rounded the way glibc's malloc sizes a chunk.
std::size_t entry_charge(std::size_t name_length, std::size_t offset_count,
                         std::size_t message_length) noexcept;
inline std::size_t entry_charge(const CacheEntry& e) noexcept {
    return entry_charge(e.name_length, e.offset_count, e.message_length);
}

struct EntryFacts {
    const CacheKey& key;
    std::uint64_t hash;
    std::span<const std::uint8_t> message;
    std::span<const std::uint16_t> ttl_offsets;  // validated: each offset + 4 <= message size
    std::uint32_t ttl;                           // already clamped, > 0
    std::uint32_t min_record_ttl;                // floor for every record TTL (min_ttl)
    AnswerKind kind;
    TimePoint now;
    std::uint64_t policy_generation = 0;
};

// Copies everything into one allocation; each record TTL is stored as
// min(max(record TTL, min_record_ttl), ttl), so no record outlives the entry.
CacheEntryPtr make_entry(const EntryFacts& facts);

// Copies the message into out (out.size() >= message_length), sets the ID, and writes each
// record TTL as (stored TTL - elapsed) floored at 0, or as fixed_ttl when that is given.
void copy_answer(const CacheEntry& entry, std::uint8_t* out, std::uint16_t query_id,
                 std::uint32_t elapsed_seconds);
void copy_answer_with_ttl(const CacheEntry& entry, std::uint8_t* out, std::uint16_t query_id,
                          std::uint32_t fixed_ttl);

}  // namespace roja::cache
