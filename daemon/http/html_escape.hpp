// HTML escaping for every value the warning page shows: Host headers and paths are hostile
// input, so the output is inert text in element content and in quoted attributes alike.
#pragma once

#include <string>
#include <string_view>

namespace roja::http {

// Appends `text` to `out` with & < > " ' escaped, control characters (other than tab and
// newline) dropped, and invalid UTF-8 replaced by U+FFFD, so no byte sequence can open a tag,
// leave an attribute or confuse the browser's decoder.
void append_html_escaped(std::string_view text, std::string& out);

inline std::string html_escaped(std::string_view text) {
    std::string out;
    append_html_escaped(text, out);
    return out;
}

}  // namespace roja::http
