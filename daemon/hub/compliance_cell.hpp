// Where one node stands with one feed version: the cell of the compliance matrix, and the
// question the late alarm asks. I/O-free: the facts in, the state out.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace roja::hub {

enum class CellState {
    applied,     // the node's confirmation says applied
    rejected,    // the node refused this version (why: the reason) and applied no later one
    superseded,  // the node never applied it but applied a later serial of the feed
    late,        // none of the above, and its deadline after issued_at has passed
    not_yet,     // none of the above, still within the deadline
};
inline constexpr std::array<std::string_view, 5> kCellStateNames{"applied", "rejected",
                                                                 "superseded", "late", "not_yet"};

struct CellFacts {
    std::optional<std::string> status;      // the confirmation's status, if the hub has one
    bool has_later_applied = false;         // a later serial of the feed is applied on the node
    std::optional<std::int64_t> issued_at;  // Unix seconds; unknown: never late
    std::int64_t deadline_seconds = 1800;
    std::int64_t now = 0;
};

CellState classify_cell(const CellFacts& facts) noexcept;

}  // namespace roja::hub
