// Finds a key repeated inside one JSON object. Boost.JSON silently keeps the last of duplicate
// keys; other parsers keep the first, so a signed manifest with duplicates is ambiguous.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace roja::filter {

// The first duplicated key in `json` (already known to be valid JSON), or nothing.
std::optional<std::string> find_duplicate_json_key(std::string_view json);

}  // namespace roja::filter
