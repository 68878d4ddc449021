#include "daemon/cache/entry_index.hpp"

#include <algorithm>

namespace roja::cache {
namespace {
constexpr std::size_t kInitialBuckets = 256;
}  // namespace

EntryIndex::EntryIndex(std::size_t max_bucket_bytes) : max_bucket_bytes_(max_bucket_bytes) {
    std::size_t count = 1;
    while (count < kInitialBuckets && 2 * count * sizeof(CacheEntry*) <= max_bucket_bytes_) {
        count *= 2;
    }
    rehash(count);
}

void EntryIndex::link(CacheEntry* entry) {
    CacheEntry*& head = buckets_[entry->hash & mask_];
    entry->chain_next = head;
    head = entry;
    ++size_;
}

void EntryIndex::unlink(CacheEntry* entry) {
    CacheEntry** slot = &buckets_[entry->hash & mask_];
    while (*slot != entry) slot = &(*slot)->chain_next;
    *slot = entry->chain_next;
    entry->chain_next = nullptr;
    --size_;
}

void EntryIndex::grow_if_crowded() {
    if (size_ <= buckets_.size() || bucket_bytes_after_growth() > max_bucket_bytes_) return;
    rehash(2 * buckets_.size());
}

void EntryIndex::clear() {
    std::fill(buckets_.begin(), buckets_.end(), nullptr);
    size_ = 0;
}

void EntryIndex::rehash(std::size_t bucket_count) {
    std::vector<CacheEntry*> fresh(bucket_count, nullptr);
    const std::size_t mask = bucket_count - 1;
    for (CacheEntry* head : buckets_) {
        while (head != nullptr) {
            CacheEntry* next = head->chain_next;
            head->chain_next = fresh[head->hash & mask];
            fresh[head->hash & mask] = head;
            head = next;
        }
    }
    buckets_ = std::move(fresh);
    mask_ = mask;
}

}  // namespace roja::cache
