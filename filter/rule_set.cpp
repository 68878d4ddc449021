// RuleSetBuilder: collects entries, then lays them into RuleSet's slot table and name arena.
#include "filter/rule_set.hpp"

#include <algorithm>
#include <bit>

namespace roja::filter {

std::uint64_t hash_name(std::string_view canonical_name) noexcept {
    std::uint64_t h = detail::kHashSeed;
    for (std::size_t i = canonical_name.size(); i-- > 0;)
        h = detail::hash_step(h, canonical_name[i]);
    return detail::hash_finish(h);
}

std::size_t RuleSet::memory_bytes() const noexcept {
    return slots_.capacity() * sizeof(Slot) + filter_.capacity() * sizeof(std::uint64_t) +
           names_.capacity() + sizeof(*this);
}

void RuleSetBuilder::reserve(std::size_t entries, std::size_t name_bytes) {
    pending_.reserve(entries);
    names_.reserve(name_bytes + entries);
}

void RuleSetBuilder::add(std::string_view canonical_name, MatchScope scope, Disposition disposition,
                         ListIndex list, RecordIndex record) {
    std::uint8_t flags = RuleSet::kOccupied;
    if (scope != MatchScope::exact) flags |= RuleSet::kSubtree;
    if (scope == MatchScope::below) flags |= RuleSet::kBelow;
    if (disposition == Disposition::allow) flags |= RuleSet::kAllow;
    const auto offset = static_cast<std::uint32_t>(names_.size());
    names_.push_back(static_cast<char>(std::min<std::size_t>(canonical_name.size(), 255)));
    names_.append(canonical_name.substr(0, 255));
    pending_.push_back({offset, record, list, flags});
}

namespace {

std::string_view stored_name(std::string_view arena, std::uint32_t offset) {
    return {arena.data() + offset + 1, static_cast<unsigned char>(arena[offset])};
}

}  // namespace

RuleSet RuleSetBuilder::build() && {
    RuleSet set;
    // Load factor <= 0.75 keeps linear-probe misses within one or two cache lines.
    const std::size_t capacity =
        std::max<std::size_t>(16, pending_.size() + pending_.size() / 3 + 1);
    set.slots_.resize(capacity);
    // About one byte of filter per entry: a false positive rate near 5 % with two bits a name.
    set.filter_.resize(std::bit_ceil(std::max<std::size_t>(1, pending_.size() / 8)));
    set.names_.reserve(names_.size());
    // Hashes first, so each insert can prefetch the slot of an entry a few places ahead: the
    // table is far larger than the caches and the inserts would otherwise wait on every miss.
    std::vector<std::uint64_t> hashes(pending_.size());
    for (std::size_t i = 0; i < pending_.size(); ++i)
        hashes[i] = hash_name(stored_name(names_, pending_[i].name));
    constexpr std::size_t kAhead = 16;
    for (std::size_t i = 0; i < pending_.size(); ++i) {
        if (i + kAhead < pending_.size())
            __builtin_prefetch(&set.slots_[set.slot_of(hashes[i + kAhead])], 1);
        insert(set, pending_[i], hashes[i]);
    }
    set.names_.shrink_to_fit();
    pending_ = {};
    names_ = {};
    return set;
}

void RuleSetBuilder::insert(RuleSet& set, const Pending& p, std::uint64_t hash) const {
    const std::string_view name = stored_name(names_, p.name);
    const auto tag = static_cast<std::uint8_t>(hash);
    const std::size_t capacity = set.slots_.size();
    std::int64_t shared_name = -1;
    std::size_t pos = set.slot_of(hash);
    for (; set.slots_[pos].flags & RuleSet::kOccupied; pos = pos + 1 == capacity ? 0 : pos + 1) {
        const RuleSet::Slot& slot = set.slots_[pos];
        if (slot.tag != tag || !set.name_equals(slot, name)) continue;
        shared_name = slot.name;
        if (slot.list == p.list && slot.flags == p.flags) {
            ++set.duplicates_;
            return;
        }
    }
    RuleSet::Slot& slot = set.slots_[pos];
    if (shared_name >= 0) {
        slot.name = static_cast<std::uint32_t>(shared_name);
    } else {
        slot.name = static_cast<std::uint32_t>(set.names_.size());
        set.names_.append(names_.data() + p.name, name.size() + 1);
    }
    slot.record = p.record;
    slot.list = p.list;
    slot.flags = p.flags;
    slot.tag = tag;
    ++set.entries_;
    if (shared_name < 0) {
        std::uint64_t& word = set.filter_[(hash >> 8) & (set.filter_.size() - 1)];
        word |= RuleSet::filter_bits(hash);
    }
}

}  // namespace roja::filter
