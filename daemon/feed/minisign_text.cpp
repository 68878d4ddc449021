#include "daemon/feed/minisign_text.hpp"

namespace roja::feed {

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
