#include "daemon/feed/minisign_text.hpp"

namespace roja::feed {

std::string minisign_key_id_text(const MinisignKeyId& key_id) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string text;
    for (auto it = key_id.rbegin(); it != key_id.rend(); ++it) {
        text.push_back(kHex[*it >> 4]);
        text.push_back(kHex[*it & 0xf]);
    }
    return text;
}

bool is_minisign_comment(std::string_view comment, std::size_t max_bytes) noexcept {
    return comment.size() <= max_bytes &&
           comment.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::optional<std::vector<std::string_view>> split_lines(std::string_view text,
                                                         std::size_t max_lines) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        if (lines.size() == max_lines) return std::nullopt;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

}  // namespace roja::feed
