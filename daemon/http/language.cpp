#include "daemon/http/language.hpp"

namespace roja::http {

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
}

// The weight of "q=0.8" in thousandths; 1000 when absent, -1 when malformed.
int weight_of(std::string_view params) noexcept {
    params = trim(params);
    if (params.empty()) return 1000;
    if (params.size() < 3 || (params[0] | 0x20) != 'q' || params[1] != '=') return -1;
    const std::string_view value = params.substr(2);
    if (value[0] != '0' && value[0] != '1') return -1;
    int weight = (value[0] - '0') * 1000;
    if (value.size() == 1) return weight;
    if (value[1] != '.' || value.size() > 5) return -1;
    int scale = 100;
    for (char c : value.substr(2)) {
        if (c < '0' || c > '9') return -1;
        weight += (c - '0') * scale;
        scale /= 10;
    }
    return weight <= 1000 ? weight : -1;
}

// The supported language a range names ("en", "en-US"), or count when none.
std::size_t language_of(std::string_view range) noexcept {
    const std::string_view primary = range.substr(0, range.find('-'));
    for (std::size_t i = 0; i < kLanguageCount; ++i)
        if (iequals(primary, kLanguageTags[i])) return i;
    return kLanguageCount;
}

}  // namespace

Language choose_language(std::string_view header) noexcept {
    std::size_t best = static_cast<std::size_t>(Language::sq);
    int best_weight = 0;
    while (!header.empty()) {
        const auto comma = header.find(',');
        const std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const auto semicolon = item.find(';');
        const std::size_t language = language_of(trim(item.substr(0, semicolon)));
        const int weight =
            semicolon == std::string_view::npos ? 1000 : weight_of(item.substr(semicolon + 1));
        if (language == kLanguageCount || weight <= best_weight) continue;
        best = language;
        best_weight = weight;
    }
    return static_cast<Language>(best);
}

}  // namespace roja::http
