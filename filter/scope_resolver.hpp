// The one place that turns a set of matching entries into a verdict: per scope the most specific
// match decides (allow beats block at equal specificity); the name is blocked if any scope
// resolved to block, preferring censored > blocked > filtered, then the most specific.
// Used by every decide_* of Policy so names, addresses, URLs and server names agree.
#pragma once

#include <array>
#include <cstdint>

#include "filter/list_info.hpp"
#include "filter/verdict.hpp"

namespace roja::filter {

struct MatchCandidate {
    ListIndex list;
    Disposition disposition;
    EntryType match;
    std::uint8_t depth;  // reported in the Verdict
    std::uint16_t rank;  // lower = more specific
    RecordIndex record;
};

class ScopeResolver {
  public:
    // `scope_of` and `reason_of` are indexed by ListIndex; `enabled` are the group's lists.
    // best_ is left uninitialised on purpose: only slots marked in decided_ are read, and
    // zeroing it would cost every query.
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
    ScopeResolver(const ListSet& enabled, const std::uint8_t* scope_of,
                  const ReasonClass* reason_of) noexcept
        : enabled_(enabled), scope_of_(scope_of), reason_of_(reason_of) {}

    void offer(const MatchCandidate& c) noexcept {
        if (!enabled_[c.list]) return;
        const std::uint8_t scope = scope_of_[c.list];
        const std::uint32_t bit = 1U << scope;
        if (!(decided_ & bit) || beats_in_scope(c, best_[scope])) best_[scope] = c;
        decided_ |= bit;
    }

    struct Outcome {
        VerdictKind kind = VerdictKind::pass;
        MatchCandidate winner{};
    };

    Outcome outcome() const noexcept {
        Outcome out;
        for (std::uint32_t scope = 0; scope < kMaxScopes; ++scope) {
            if (!(decided_ & (1U << scope))) continue;
            const MatchCandidate& c = best_[scope];
            const VerdictKind kind =
                c.disposition == Disposition::block ? VerdictKind::blocked : VerdictKind::allowed;
            if (out.kind == VerdictKind::pass ||
                beats_across_scopes(kind, c, out.kind, out.winner)) {
                out.kind = kind;
                out.winner = c;
            }
        }
        return out;
    }

  private:
    static_assert(kMaxScopes <= 32, "decided_ is a 32-bit mask");

    bool beats_in_scope(const MatchCandidate& c, const MatchCandidate& best) const noexcept {
        if (c.rank != best.rank) return c.rank < best.rank;
        if (c.disposition != best.disposition) return c.disposition == Disposition::allow;
        return ranks_before(c, best);
    }

    // Among blocking scopes the strongest reason wins; allows only count when nothing blocks.
    bool beats_across_scopes(VerdictKind kind, const MatchCandidate& c, VerdictKind best_kind,
                             const MatchCandidate& best) const noexcept {
        if (kind != best_kind) return kind == VerdictKind::blocked;
        return ranks_before(c, best);
    }

    // Deterministic order: stronger reason, more specific, exact before subtree, lower list.
    bool ranks_before(const MatchCandidate& c, const MatchCandidate& best) const noexcept {
        const auto reason_c = reason_of_[c.list], reason_b = reason_of_[best.list];
        if (reason_c != reason_b) return reason_c < reason_b;
        if (c.rank != best.rank) return c.rank < best.rank;
        if (c.match != best.match) return c.match == EntryType::exact;
        return c.list < best.list;
    }

    const ListSet& enabled_;
    const std::uint8_t* scope_of_;
    const ReasonClass* reason_of_;
    std::uint32_t decided_ = 0;
    std::array<MatchCandidate, kMaxScopes> best_;  // valid where decided_ has the bit
};

}  // namespace roja::filter
