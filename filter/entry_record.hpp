// Who ordered an entry and why: kept per entry only for lists that carry it (CSV); for other
// formats the list's own metadata stands in and the entry is named "<list id>:<line>".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "filter/verdict.hpp"

namespace roja::filter {

// One stored record; the views point into the Policy and live as long as it.
struct EntryRecord {
    std::string_view id;
    std::string_view authority;
    std::string_view decision;
    std::string_view decision_date;
    std::string_view legal_basis;
    std::string_view category;
    std::string_view effective_from;
    std::string_view expires;
    std::uint32_t line = 0;
};

// What the warning page, the EDE text and the audit show for a verdict: the entry's own
// metadata where it has some, else its list's. Views live as long as the Policy.
struct EntryView {
    std::string_view list_id;
    std::string_view list_title;
    std::string_view id;  // the entry's own id; empty when it has none (see append_entry_id)
    std::uint32_t line = 0;
    std::string_view authority;
    std::string_view decision;
    std::string_view decision_date;
    std::string_view legal_basis;
    std::string_view category;
    std::string_view effective_from;
    std::string_view expires;
    ReasonClass reason = ReasonClass::blocked;
};

// Appends the entry id people see: its own id, else "<list id>:<line>". A caller that reuses
// `out` allocates nothing.
inline void append_entry_id(const EntryView& view, std::string& out) {
    if (!view.id.empty()) {
        out.append(view.id);
        return;
    }
    out.append(view.list_id);
    out.push_back(':');
    out.append(std::to_string(view.line));
}

inline std::string entry_id(const EntryView& view) {
    std::string out;
    append_entry_id(view, out);
    return out;
}

}  // namespace roja::filter
