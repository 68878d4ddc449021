// RuleSet's inline lookup (included by rule_set.hpp): the hot path, kept in a header so the
// visitor inlines.
#pragma once

#include <array>

namespace roja::filter::detail {

inline constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ULL;  // FNV-1a offset basis

inline std::uint64_t hash_step(std::uint64_t h, char c) noexcept {
    return (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
}

// FNV mixes its low bits poorly; a finaliser spreads them for the slot index and the tag.
inline std::uint64_t hash_finish(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

inline constexpr std::size_t kMaxLabels = 128;  // 255 wire octets allow at most 127 labels

}  // namespace roja::filter::detail

namespace roja::filter {

template <class Visit>
bool RuleSet::visit_suffix(std::string_view suffix, std::uint64_t hash, std::uint8_t depth,
                           Visit& visit) const {
    const auto tag = static_cast<std::uint8_t>(hash);
    for (std::size_t pos = slot_of(hash);; pos = pos + 1 == slots_.size() ? 0 : pos + 1) {
        const Slot& slot = slots_[pos];
        if (!(slot.flags & kOccupied)) return true;
        if (slot.tag != tag || !name_equals(slot, suffix)) continue;
        const bool subtree = slot.flags & kSubtree;
        const bool below = slot.flags & kBelow;
        if (depth != 0 ? !subtree : below) continue;
        const MatchScope scope = below     ? MatchScope::below
                                 : subtree ? MatchScope::subtree
                                           : MatchScope::exact;
        const RuleHit hit{slot.list,
                          (slot.flags & kAllow) ? Disposition::allow : Disposition::block, scope,
                          slot.record, depth};
        if (!visit(hit)) return false;
    }
}

template <class Visit>
void RuleSet::for_each_entry_named(std::string_view canonical_name, Visit&& visit) const {
    if (slots_.empty() || canonical_name.empty()) return;
    const std::uint64_t hash = hash_name(canonical_name);
    const auto tag = static_cast<std::uint8_t>(hash);
    for (std::size_t pos = slot_of(hash);; pos = pos + 1 == slots_.size() ? 0 : pos + 1) {
        const Slot& slot = slots_[pos];
        if (!(slot.flags & kOccupied)) return;
        if (slot.tag == tag && name_equals(slot, canonical_name)) visit(hit_of(slot));
    }
}

template <class Visit>
void RuleSet::for_each_match(std::string_view canonical_name, Visit&& visit) const {
    if (slots_.empty() || canonical_name.empty()) return;
    // [0] = top label ... [n-1] = whole name. Left uninitialised on purpose: zeroing 2 KiB per
    // lookup would cost more than the lookup; only the first `count` are ever read.
    std::array<Suffix, detail::kMaxLabels>
        suffixes;  // NOLINT(cppcoreguidelines-pro-type-member-init)
    std::size_t count = 0;
    std::uint64_t h = detail::kHashSeed;
    for (std::size_t i = canonical_name.size(); i-- > 0;) {
        h = detail::hash_step(h, canonical_name[i]);
        if (i == 0 || canonical_name[i - 1] == '.') {
            if (count == suffixes.size()) return;  // not a valid name: nothing can match
            suffixes[count++] = {static_cast<std::uint32_t>(i), false, detail::hash_finish(h)};
        }
    }
    // Drop the suffixes the filter rules out, then touch the slots of the rest first: the
    // probes then overlap their cache misses.
    bool any = false;
    for (std::size_t k = 0; k < count; ++k) {
        if (!may_contain(suffixes[k].hash)) continue;
        __builtin_prefetch(&slots_[slot_of(suffixes[k].hash)]);
        suffixes[k].candidate = any = true;
    }
    if (!any) return;
    for (std::size_t k = count; k-- > 0;) {
        if (!suffixes[k].candidate) continue;
        const auto depth = static_cast<std::uint8_t>(count - 1 - k);
        if (!visit_suffix(canonical_name.substr(suffixes[k].start), suffixes[k].hash, depth, visit))
            return;
    }
}

}  // namespace roja::filter
