#include "daemon/stats/hit_table.hpp"

#include <algorithm>
#include <bit>

namespace roja::stats {

namespace {

constexpr std::size_t kMinSlots = 64;

// Slots for `entries` at most half full.
std::size_t slots_for(std::size_t entries) {
    return std::bit_ceil(std::max(kMinSlots, entries * 2));
}

}  // namespace

HitTable::HitTable(std::size_t expected) {
    if (expected == 0) return;
    slots_.resize(slots_for(expected));
    entries_.reserve(expected);
}

std::uint64_t HitTable::hash(const HitKey& key) noexcept {
    std::uint64_t h = key.record;
    h = h * 0x9E3779B97F4A7C15ULL ^
        (std::uint64_t{key.list} << 48 | std::uint64_t{key.group} << 32 | key.policy);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ h >> 32;
}

HitTally& HitTable::operator[](const HitKey& key) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = hash(key);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask;; at = (at + 1) & mask) {
        Slot& slot = slots_[at];
        if (slot.entry == 0) {
            entries_.push_back({key, {}});
            slot = {static_cast<std::uint32_t>(entries_.size()), tag};
            return entries_.back().tally;
        }
        if (slot.tag == tag && entries_[slot.entry - 1].key == key)
            return entries_[slot.entry - 1].tally;
    }
}

void HitTable::grow() {
    slots_.assign(slots_for(entries_.size() + 1), Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const std::uint64_t h = hash(entries_[i].key);
        std::size_t at = h & mask;
        while (slots_[at].entry != 0) at = (at + 1) & mask;
        slots_[at] = {static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(h >> 32)};
    }
}

}  // namespace roja::stats
