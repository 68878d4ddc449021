// The text layer of minisign files: line splitting (LF or CRLF). Base64 is daemon/feed/base64.hpp.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace roja::feed {

// Splits into lines on "\n" (a "\r" before it is dropped). A final newline does not start
// another line. Returns nothing when there are more than `max_lines` lines.
std::optional<std::vector<std::string_view>> split_lines(std::string_view text,
                                                         std::size_t max_lines);

}  // namespace roja::feed
