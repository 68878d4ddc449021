// An immutable, compact index of name entries (exact names and names-with-subdomains), built
// once by RuleSetBuilder and then shared read-only by every worker.
//
// Layout: one open-addressed table of 12-byte slots (linear probing, load <= 0.75) and one
// arena of length-prefixed canonical names, each name stored once however many lists carry it.
// Hashes run right to left over the name, so one pass over a query yields the hash of every
// parent suffix: a lookup of a 4-label name is 4 probes into one table, most specific first.
// A one-byte-per-entry filter (one 64-bit word per name, two bits set) answers most probes for
// names that are not listed from cache, before the table (far larger than the caches) is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "filter/huge_page_allocator.hpp"
#include "filter/list_entry.hpp"

namespace roja::filter {

using ListIndex = std::uint16_t;    // position in the policy's list table
using RecordIndex = std::uint32_t;  // the entry record (CSV) or source line (other formats)

// exact: the name alone; subtree: the name and every name below it; below: only the names below.
enum class MatchScope : std::uint8_t { exact, subtree, below };

struct RuleHit {
    ListIndex list = 0;
    Disposition disposition = Disposition::block;
    MatchScope scope = MatchScope::subtree;
    RecordIndex record = 0;
    std::uint8_t depth =
        0;  // labels removed from the query to reach the entry (0 = the name itself)
};

class RuleSet {
  public:
    RuleSet() = default;

    // Calls visit(const RuleHit&) for every entry that matches `canonical_name`: the name itself
    // (exact and subtree entries) and each parent (subtree entries only), most specific first.
    // `visit` returns false to stop. No allocation; `canonical_name` must be canonical.
    template <class Visit>
    void for_each_match(std::string_view canonical_name, Visit&& visit) const;

    // Calls visit(std::string_view canonical_name, const RuleHit&) for every stored entry, in no
    // particular order (depth 0). For tools and the API's self-test, not the query path.
    template <class Visit>
    void for_each_entry(Visit&& visit) const {
        for (const Slot& slot : slots_) {
            if (!(slot.flags & kOccupied)) continue;
            const char* stored = names_.data() + slot.name;
            const RuleHit hit{slot.list,
                              slot.flags & kAllow ? Disposition::allow : Disposition::block,
                              slot.flags & kBelow     ? MatchScope::below
                              : slot.flags & kSubtree ? MatchScope::subtree
                                                      : MatchScope::exact,
                              slot.record, 0};
            visit(std::string_view(stored + 1, static_cast<unsigned char>(stored[0])), hit);
        }
    }

    // Calls visit(const RuleHit&) for every stored entry named exactly `canonical_name`,
    // whatever its scope (depth 0). For exporters (RPZ zones), not the query path.
    template <class Visit>
    void for_each_entry_named(std::string_view canonical_name, Visit&& visit) const;

    // A walk over the stored entries that can stop and resume (an RPZ transfer fills one
    // message at a time): visit(std::string_view canonical_name, const RuleHit&) from slot
    // `position` on; when it returns false the walk stops and returns that entry's slot, to
    // be visited again on the next call. Returns slot_count() when the walk is done.
    template <class Visit>
    std::size_t walk_entries(std::size_t position, Visit&& visit) const {
        for (; position < slots_.size(); ++position) {
            const Slot& slot = slots_[position];
            if (!(slot.flags & kOccupied)) continue;
            const char* stored = names_.data() + slot.name;
            if (!visit(std::string_view(stored + 1, static_cast<unsigned char>(stored[0])),
                       hit_of(slot)))
                return position;
        }
        return position;
    }
    std::size_t slot_count() const noexcept { return slots_.size(); }

    std::size_t size() const noexcept { return entries_; }
    std::size_t memory_bytes() const noexcept;
    std::size_t duplicates_dropped() const noexcept { return duplicates_; }

  private:
    friend class RuleSetBuilder;

    struct Slot {
        std::uint32_t name = 0;  // offset of the length-prefixed name in names_
        std::uint32_t record = 0;
        std::uint16_t list = 0;
        std::uint8_t flags = 0;  // kOccupied | kSubtree | kAllow
        std::uint8_t tag = 0;    // low hash bits: most mismatches never touch names_
    };
    static constexpr std::uint8_t kOccupied = 1, kSubtree = 2, kAllow = 4, kBelow = 8;

    struct Suffix {
        std::uint32_t start;  // offset of the suffix in the query name
        bool candidate;       // the filter did not rule it out
        std::uint64_t hash;
    };

    // Bits 8-39 choose the word, 48-59 the two bits: independent of the slot (high bits through
    // the multiply) and of the tag (bits 0-7).
    const std::uint64_t* filter_word(std::uint64_t hash) const noexcept {
        return &filter_[(hash >> 8) & (filter_.size() - 1)];
    }
    static std::uint64_t filter_bits(std::uint64_t hash) noexcept {
        return (std::uint64_t{1} << ((hash >> 48) & 63)) |
               (std::uint64_t{1} << ((hash >> 54) & 63));
    }
    bool may_contain(std::uint64_t hash) const noexcept {
        const std::uint64_t bits = filter_bits(hash);
        return (*filter_word(hash) & bits) == bits;
    }

    std::size_t slot_of(std::uint64_t hash) const noexcept {
        return static_cast<std::size_t>((static_cast<unsigned __int128>(hash) * slots_.size()) >>
                                        64);
    }
    static RuleHit hit_of(const Slot& slot) noexcept {
        return RuleHit{slot.list, slot.flags & kAllow ? Disposition::allow : Disposition::block,
                       slot.flags & kBelow     ? MatchScope::below
                       : slot.flags & kSubtree ? MatchScope::subtree
                                               : MatchScope::exact,
                       slot.record, 0};
    }
    bool name_equals(const Slot& slot, std::string_view name) const noexcept {
        const auto* stored = names_.data() + slot.name;
        return static_cast<unsigned char>(stored[0]) == name.size() &&
               std::string_view(stored + 1, name.size()) == name;
    }
    template <class Visit>
    bool visit_suffix(std::string_view suffix, std::uint64_t hash, std::uint8_t depth,
                      Visit& visit) const;

    using NameArena = std::basic_string<char, std::char_traits<char>, HugePageAllocator<char>>;
    std::vector<Slot, HugePageAllocator<Slot>> slots_;
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> filter_;  // size: a power of two
    NameArena names_;
    std::size_t entries_ = 0;
    std::size_t duplicates_ = 0;
};

class RuleSetBuilder {
  public:
    void reserve(std::size_t entries, std::size_t name_bytes);
    // `canonical_name` must be canonical (see domain_name.hpp) and at most 255 characters.
    // Adding the same (name, scope, disposition, list) twice keeps the first record.
    void add(std::string_view canonical_name, MatchScope scope, Disposition disposition,
             ListIndex list, RecordIndex record);
    std::size_t size() const noexcept { return pending_.size(); }
    RuleSet build() &&;

  private:
    struct Pending {
        std::uint32_t name;
        std::uint32_t record;
        std::uint16_t list;
        std::uint8_t flags;
    };
    void insert(RuleSet& set, const Pending& pending, std::uint64_t hash) const;
    std::vector<Pending> pending_;
    std::string names_;
};

// Right-to-left name hash: the value after consuming the suffix starting at some label is
// the hash of that suffix on its own. Exposed for tests and for the builder.
std::uint64_t hash_name(std::string_view canonical_name) noexcept;

}  // namespace roja::filter

#include "filter/rule_set_lookup.hpp"
