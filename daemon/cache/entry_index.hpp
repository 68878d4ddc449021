// The hash index over cache entries: power-of-two buckets of intrusive chains (no nodes of its
// own). It grows by doubling while the bucket array stays within the byte cap it was given.
#pragma once

#include "daemon/cache/cache_entry.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace roja::cache {

class EntryIndex {
public:
    explicit EntryIndex(std::size_t max_bucket_bytes);

    CacheEntry* find(const CacheKey& key, std::uint64_t hash) const {
        for (CacheEntry* e = buckets_[hash & mask_]; e != nullptr; e = e->chain_next) {
            if (e->matches(key, hash)) return e;
        }
        return nullptr;
    }
    void link(CacheEntry* entry);  // the caller made sure the key is not present
    void unlink(CacheEntry* entry);
    // Doubles the buckets when there are more entries than buckets and the cap allows it.
    void grow_if_crowded();
    void clear();

    std::size_t size() const { return size_; }
    std::size_t bucket_bytes() const { return buckets_.size() * sizeof(CacheEntry*); }
    std::size_t bucket_bytes_after_growth() const { return 2 * bucket_bytes(); }

private:
    void rehash(std::size_t bucket_count);

    std::vector<CacheEntry*> buckets_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::size_t max_bucket_bytes_;
};

}  // namespace roja::cache
