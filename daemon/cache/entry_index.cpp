#include "daemon/cache/entry_index.hpp"

#include <algorithm>
#include <utility>

namespace roja::cache {
namespace {
constexpr std::size_t kInitialSlots = 256;
constexpr std::size_t kMinSlots = 8;
}  // namespace

EntryIndex::EntryIndex(std::size_t max_slot_bytes) : max_slot_bytes_(max_slot_bytes) {
    std::size_t count = kMinSlots;
    while (count < kInitialSlots && 2 * count * sizeof(Slot) <= max_slot_bytes_) count *= 2;
    rehash(count);
}

void EntryIndex::link(CacheEntry* entry) {
    std::size_t i = entry->hash & mask_;
    while (slots_[i].entry != nullptr) i = (i + 1) & mask_;
    slots_[i] = Slot{entry->hash, entry};
    ++size_;
}

// Backward-shift deletion: later members of the probe run move up, so no tombstones pile up.
void EntryIndex::unlink(CacheEntry* entry) {
    std::size_t hole = entry->hash & mask_;
    while (slots_[hole].entry != entry) hole = (hole + 1) & mask_;
    for (std::size_t j = (hole + 1) & mask_; slots_[j].entry != nullptr; j = (j + 1) & mask_) {
        const std::size_t home = slots_[j].hash & mask_;
        // The slot at j may move to the hole unless its home lies cyclically in (hole, j].
        const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
        if (stays) continue;
        slots_[hole] = slots_[j];
        hole = j;
    }
    slots_[hole] = Slot{};
    --size_;
}

void EntryIndex::grow_if_crowded() {
    if ((size_ + 1) * 4 <= slots_.size() * 3) return;
    if (2 * slot_bytes() > max_slot_bytes_) return;
    rehash(2 * slots_.size());
}

void EntryIndex::clear() {
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
}

void EntryIndex::rehash(std::size_t slot_count) {
    std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slot_count));
    mask_ = slot_count - 1;
    size_ = 0;
    for (const Slot& slot : old) {
        if (slot.entry != nullptr) link(slot.entry);
    }
}

}  // namespace roja::cache
