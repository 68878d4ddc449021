// One flush interval's tallies, per (policy, list, entry, group). Every blocked query writes to
// it, so it is an open-addressed table (linear probing, at most half full) rather than a
// std::unordered_map: a hit is one probe into one slot, a new entry allocates no node, and the
// next interval's table starts with room for as many entries as this one saw, so a busy worker
// stops growing it after the first interval. With 50,000 distinct entries hit per interval the
// map cost ~6 % of a worker's time in the 1M-list benchmark (tests/bench/stats_bench.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "daemon/stats/client_sketch.hpp"
#include "filter/policy.hpp"

namespace roja::stats {

struct HitKey {
    std::uint32_t policy = 0;  // position in HitBatch::policies
    filter::RecordIndex record = 0;
    filter::ListIndex list = 0;
    filter::GroupIndex group = 0;
    friend bool operator==(const HitKey&, const HitKey&) = default;
};

struct HitTally {
    std::uint64_t count = 0;
    ClientSketch clients;
};

class HitTable {
  public:
    struct Entry {
        HitKey key;
        HitTally tally;
    };

    HitTable() = default;
    // Room for `expected` entries before the first growth.
    explicit HitTable(std::size_t expected);

    // The entry's tally, inserted (count 0) when it is new.
    HitTally& operator[](const HitKey& key);

    std::size_t size() const noexcept { return entries_.size(); }
    bool empty() const noexcept { return entries_.empty(); }
    // In the order the entries were first hit.
    std::vector<Entry>::const_iterator begin() const noexcept { return entries_.begin(); }
    std::vector<Entry>::const_iterator end() const noexcept { return entries_.end(); }

  private:
    // 8 bytes, so the index of 50,000 entries stays within a megabyte: a hit reads one slot
    // (its tag rules out the other entries) and then its entry.
    struct Slot {
        std::uint32_t entry = 0;  // position in entries_ + 1; 0 = free
        std::uint32_t tag = 0;    // high hash bits
    };

    static std::uint64_t hash(const HitKey& key) noexcept;
    void grow();

    std::vector<Slot> slots_;  // a power of two in size, at most half used, or empty
    std::vector<Entry> entries_;
};

}  // namespace roja::stats
