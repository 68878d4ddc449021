// Lookup, insert and the memory budget of one worker's answer cache.
#include "daemon/cache/answer_cache.hpp"

#include "daemon/cache/cacheable.hpp"

#include <algorithm>
#include <limits>

namespace roja::cache {
namespace {

constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kMaxMessage = 65535;
constexpr std::uint32_t kMaxWireTtl = 0x7fffffffu;  // RFC 2181 §8
// Reaping dead entries is spread over inserts so no single miss pays for a full sweep.
constexpr std::size_t kReapPerInsert = 4;
constexpr std::size_t kReapPerEviction = 16;

std::uint32_t seconds_u32(std::chrono::seconds s) {
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(s.count(), 0, kMaxWireTtl));
}

bool offsets_fit(std::span<const std::uint8_t> message, std::span<const std::uint16_t> offsets) {
    if (offsets.size() > std::numeric_limits<std::uint16_t>::max()) return false;
    return std::all_of(offsets.begin(), offsets.end(), [&](std::uint16_t offset) {
        return offset >= kHeaderSize && std::size_t{offset} + 4 <= message.size();
    });
}

bool is_malformed(const CacheKey& key, std::span<const std::uint8_t> message,
                  std::span<const std::uint16_t> offsets) {
    return key.qname.size() > kMaxCacheName || message.size() < kHeaderSize ||
           message.size() > kMaxMessage || !offsets_fit(message, offsets);
}

std::uint32_t elapsed_seconds(const CacheEntry& e, TimePoint now) {
    if (now <= e.inserted) return 0;
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - e.inserted).count();
    return static_cast<std::uint32_t>(std::min<std::int64_t>(elapsed, kMaxWireTtl));
}

}  // namespace

AnswerCache::AnswerCache(CacheLimits limits) : limits_(limits), index_(limits.max_bytes / 8) {
    refresh_byte_count();
}

AnswerCache::~AnswerCache() {
    clear();
}

InsertOutcome AnswerCache::insert(const CacheKey& key, std::span<const std::uint8_t> message,
                                  std::span<const std::uint16_t> ttl_offsets, std::uint32_t ttl,
                                  AnswerKind kind, TimePoint now, std::uint64_t policy_generation) {
    if (is_malformed(key, message, ttl_offsets)) return InsertOutcome::malformed;
    // A failure says nothing new about the name: keep the old entry for serve-stale.
    if (!is_cacheable_reply(message)) return InsertOutcome::not_cacheable;
    const std::uint64_t hash = hash_key(key);
    if (CacheEntry* old = index_.find(key, hash)) remove(old);

    const std::uint32_t clamped = clamp_ttl(ttl, kind);
    if (clamped == 0) return InsertOutcome::zero_ttl;
    const std::size_t charge = entry_charge(key.qname.size(), ttl_offsets.size(), message.size());
    if (charge > limits_.max_bytes / 8) return InsertOutcome::too_large;
    index_.grow_if_crowded();
    refresh_byte_count();
    if (!make_room(charge, now)) return InsertOutcome::too_large;

    CacheEntry* entry = make_entry({key, hash, message, ttl_offsets, clamped,
                                    seconds_u32(limits_.min_ttl), kind, now, policy_generation})
                            .release();
    index_.link(entry);
    lru_.push_front(entry);
    entry_bytes_ += charge;
    refresh_byte_count();
    ++stats_.inserts;
    reap_dead(now, kReapPerInsert);
    return InsertOutcome::stored;
}

LookupResult AnswerCache::lookup(const CacheKey& key, TimePoint now, std::uint16_t query_id,
                                 std::span<std::uint8_t> out) {
    CacheEntry* e = index_.find(key, hash_key(key));
    if (e != nullptr && is_fresh(*e, now)) return serve_fresh(*e, now, query_id, out);
    ++stats_.misses;
    if (e == nullptr) return {};
    if (!is_dead(*e, now)) return {LookupStatus::stale_available, 0, false};
    remove(e);
    ++stats_.expired;
    return {};
}

LookupResult AnswerCache::serve_stale(const CacheKey& key, TimePoint now, std::uint16_t query_id,
                                      std::span<std::uint8_t> out) {
    CacheEntry* e = index_.find(key, hash_key(key));
    if (e == nullptr) return {};
    // Refreshed meanwhile (another query's answer arrived): serve it as a normal hit.
    if (is_fresh(*e, now)) return serve_fresh(*e, now, query_id, out);
    if (is_dead(*e, now) || out.size() < e->message_length) return {};
    copy_answer_with_ttl(*e, out.data(), query_id, seconds_u32(limits_.stale_ttl));
    lru_.move_to_front(e);
    ++stats_.stale_served;
    return {LookupStatus::stale, e->message_length, false, e->policy_generation};
}

void AnswerCache::confirm(const CacheKey& key, std::uint64_t policy_generation) {
    if (CacheEntry* e = index_.find(key, hash_key(key))) e->policy_generation = policy_generation;
}

void AnswerCache::erase(const CacheKey& key) {
    if (CacheEntry* e = index_.find(key, hash_key(key))) remove(e);
}

void AnswerCache::clear() {
    for (CacheEntry* e = lru_.front(); e != nullptr;) {
        CacheEntry* next = e->lru_next;
        CacheEntryDeleter{}(e);
        e = next;
    }
    lru_ = LruList{};
    index_.clear();
    reap_cursor_ = nullptr;
    entry_bytes_ = 0;
    refresh_byte_count();
}

std::uint32_t AnswerCache::clamp_ttl(std::uint32_t ttl, AnswerKind kind) const {
    const std::uint32_t wire_ttl = ttl > kMaxWireTtl ? 0 : ttl;
    const auto cap = kind == AnswerKind::negative ? limits_.max_negative_ttl : limits_.max_ttl;
    // min before max: if min_ttl > cap, the cap wins.
    return std::min(std::max(wire_ttl, seconds_u32(limits_.min_ttl)), seconds_u32(cap));
}

bool AnswerCache::is_dead(const CacheEntry& e, TimePoint now) const {
    const auto keep = limits_.serve_stale ? limits_.max_stale : std::chrono::seconds{0};
    return now >= e.expires() + keep;
}

LookupResult AnswerCache::serve_fresh(CacheEntry& e, TimePoint now, std::uint16_t query_id,
                                      std::span<std::uint8_t> out) {
    if (out.size() < e.message_length) {
        ++stats_.misses;
        return {};
    }
    copy_answer(e, out.data(), query_id, elapsed_seconds(e, now));
    ++e.hits;
    ++stats_.hits;
    lru_.move_to_front(&e);
    return {LookupStatus::fresh, e.message_length, prefetch_due(e, now), e.policy_generation};
}

// Reported once per entry: the flag lives in the entry, and a refresh inserts a new one.
bool AnswerCache::prefetch_due(CacheEntry& e, TimePoint now) const {
    if (!limits_.prefetch || e.prefetch_reported || e.hits < limits_.prefetch_min_hits) {
        return false;
    }
    if ((e.expires() - now) * 10 > std::chrono::seconds(e.ttl)) return false;
    e.prefetch_reported = true;
    return true;
}

// Dead entries go first (they are worth nothing), then the least recently used live ones.
bool AnswerCache::make_room(std::size_t charge, TimePoint now) {
    while (entry_bytes_ + index_.slot_bytes() + charge > limits_.max_bytes || index_.is_full()) {
        if (lru_.empty()) return false;
        if (reap_dead(now, kReapPerEviction)) continue;
        remove(lru_.back());
        ++stats_.evictions;
    }
    return true;
}

bool AnswerCache::reap_dead(TimePoint now, std::size_t budget) {
    bool freed = false;
    for (std::size_t i = 0; i < budget && !lru_.empty(); ++i) {
        if (reap_cursor_ == nullptr) reap_cursor_ = lru_.back();
        CacheEntry* e = reap_cursor_;
        reap_cursor_ = e->lru_prev;
        if (is_dead(*e, now)) {
            remove(e);
            ++stats_.expired;
            freed = true;
        }
    }
    return freed;
}

void AnswerCache::remove(CacheEntry* e) {
    if (reap_cursor_ == e) reap_cursor_ = e->lru_prev;
    index_.unlink(e);
    lru_.remove(e);
    entry_bytes_ -= entry_charge(*e);
    refresh_byte_count();
    CacheEntryDeleter{}(e);
}

void AnswerCache::refresh_byte_count() {
    stats_.bytes = entry_bytes_ + index_.slot_bytes();
    stats_.entries = index_.size();
}

}  // namespace roja::cache
