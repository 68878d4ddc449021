// The hash index over cache entries: open addressing with linear probing over (hash, entry)
// slots, so a lookup reads one run of slots and touches only the entry whose hash matches.
// It doubles while its slot array stays within the byte cap it was given.
#pragma once

#include "daemon/cache/cache_entry.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace roja::cache {

class EntryIndex {
  public:
    explicit EntryIndex(std::size_t max_slot_bytes);

    CacheEntry* find(const CacheKey& key, std::uint64_t hash) const {
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.entry == nullptr) return nullptr;
            if (slot.hash == hash && slot.entry->matches(key, hash)) return slot.entry;
        }
    }
    void link(CacheEntry* entry);  // the caller made sure the key is absent and !is_full()
    void unlink(CacheEntry* entry);
    // Doubles the slots past 3/4 load when the byte cap allows it.
    void grow_if_crowded();
    // Past 7/8 load probing degrades: the owner must evict before linking more.
    bool is_full() const { return (size_ + 1) * 8 > slots_.size() * 7; }
    void clear();

    std::size_t size() const { return size_; }
    std::size_t slot_bytes() const { return slots_.size() * sizeof(Slot); }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        CacheEntry* entry = nullptr;
    };
    void rehash(std::size_t slot_count);

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
    std::size_t max_slot_bytes_;
};

}  // namespace roja::cache
