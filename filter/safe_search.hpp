// SafeSearch: the search engines' own "safe" endpoints. A group with safesearch on gets, for
// these names, a CNAME to the safe endpoint (plus its addresses) instead of the real answer —
// the method Google, Bing, DuckDuckGo and YouTube document for networks that enforce it.
#pragma once

#include <optional>
#include <string_view>

namespace roja::filter {

// The safe endpoint for a canonical query name, or nothing when the name is not a search or
// video front end. No allocation after the first call (the table is built once).
std::optional<std::string_view> safe_search_target(std::string_view canonical_name) noexcept;

}  // namespace roja::filter
