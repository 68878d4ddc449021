// What decide() concludes about one name, address, URL or server name: a small value (no strings)
// naming the list and entry that caused it, so metrics, the block answer and the audit share it.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

#include "filter/list_entry.hpp"
#include "filter/rule_set.hpp"

namespace roja::filter {

using GroupIndex = std::uint16_t;  // position in the policy's client group table (0 = default)

// Why a list blocks, in the order of precedence when several lists block one name.
// Each maps to an RFC 8914 Extended DNS Error code (see ede_code).
enum class ReasonClass : std::uint8_t {
    censored,  // an order of an external authority (AKEP, courts...) → EDE 16
    blocked,   // the operator's own policy → EDE 15
    filtered,  // an opt-in filter such as a school category → EDE 17
};

enum class BlockAction : std::uint8_t { redirect, nxdomain, nodata, refuse };

enum class VerdictKind : std::uint8_t {
    pass,     // nothing enabled for the group matched
    allowed,  // an allow entry decided (it overrode blocks of its scope, if any)
    blocked,
};

inline constexpr std::uint32_t kNoEntryAction = std::numeric_limits<std::uint32_t>::max();

struct Verdict {
    VerdictKind kind = VerdictKind::pass;
    BlockAction action = BlockAction::nodata;   // effective action (blocked only)
    ReasonClass reason = ReasonClass::blocked;  // the deciding list's reason
    EntryType match = EntryType::domain;        // how the deciding entry matched
    // Distance from the query to the entry: labels removed (names, sni), host bits left
    // (ip: 0 = a host entry), 0/1 for an exact/prefix path (url).
    std::uint8_t depth = 0;
    GroupIndex group = 0;
    ListIndex list = 0;
    RecordIndex record = 0;  // entry record (lists with records) or source line
    // Row of the per-entry action table when the entry carried its own action (RPZ);
    // Policy::local_data() resolves its redirect addresses.
    std::uint32_t entry_action = kNoEntryAction;

    bool is_blocked() const noexcept { return kind == VerdictKind::blocked; }
    bool is_allowed() const noexcept { return kind == VerdictKind::allowed; }
    bool matched() const noexcept { return kind != VerdictKind::pass; }
};

inline constexpr std::uint16_t kQtypeA = 1;
inline constexpr std::uint16_t kQtypeAaaa = 28;

// RFC 8914 INFO-CODE for the reason.
constexpr std::uint16_t ede_code(ReasonClass reason) noexcept {
    switch (reason) {
        case ReasonClass::censored:
            return 16;
        case ReasonClass::blocked:
            return 15;
        case ReasonClass::filtered:
            return 17;
    }
    return 15;
}

constexpr std::string_view to_string(ReasonClass reason) noexcept {
    switch (reason) {
        case ReasonClass::censored:
            return "censored";
        case ReasonClass::blocked:
            return "blocked";
        case ReasonClass::filtered:
            return "filtered";
    }
    return "blocked";
}

constexpr std::string_view to_string(BlockAction action) noexcept {
    switch (action) {
        case BlockAction::redirect:
            return "redirect";
        case BlockAction::nxdomain:
            return "nxdomain";
        case BlockAction::nodata:
            return "nodata";
        case BlockAction::refuse:
            return "refuse";
    }
    return "nodata";
}

constexpr std::string_view to_string(VerdictKind kind) noexcept {
    switch (kind) {
        case VerdictKind::pass:
            return "pass";
        case VerdictKind::allowed:
            return "allowed";
        case VerdictKind::blocked:
            return "blocked";
    }
    return "pass";
}

}  // namespace roja::filter
