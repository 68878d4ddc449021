// cache and blocking: how answers are kept, and how blocked names are answered.
#include <algorithm>
#include <cctype>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::seconds;

auto ttl_reader() {
    return [](const Field& field) { return read_ttl(field, kMaxTtl); };
}

bool is_alpha(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// RFC 3986 scheme ":" something: "mailto:abuse@example.al", "https://example.al/report".
bool is_uri(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == 0 || colon == std::string_view::npos || colon + 1 == text.size()) return false;
    const std::string_view scheme = text.substr(0, colon);
    return is_alpha(scheme[0]) && std::all_of(scheme.begin(), scheme.end(), [](char c) {
               return is_alnum(c) || c == '+' || c == '-' || c == '.';
           });
}

// A BCP 47 tag in its common shape: "sq", "en", "sq-AL", "zh-Hant-TW".
bool is_language_tag(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('-', start), text.size());
        const std::string_view part = text.substr(start, end - start);
        const bool is_first = start == 0;
        if (part.empty() || part.size() > 8 || (is_first && part.size() < 2)) return false;
        if (!std::all_of(part.begin(), part.end(), is_first ? is_alpha : is_alnum)) return false;
        start = end + 1;
    }
    return true;
}

template <class Check>
auto checked_text_reader(Check check, std::string_view expected) {
    return [=](const Field& field) -> std::optional<std::string> {
        auto text = read_text(field);
        if (text && !check(*text)) {
            field.report_expected(expected);
            return std::nullopt;
        }
        return text;
    };
}

void read_warning_addresses(MapReader& map, BlockingConfig& blocking) {
    const auto field = map.find("warning_addresses");
    if (!field) return;
    auto addresses = read_list(*field, read_address);
    if (!addresses) return;
    if (addresses->empty()) {
        field->report_expected("at least one IPv4 or IPv6 address");
        return;
    }
    report_duplicates(*field, *addresses);
    blocking.warning_addresses = std::move(*addresses);
}

}  // namespace

CacheConfig read_cache(const Field& field) {
    CacheConfig cache;
    MapReader map(field);
    map.read("max_memory", cache.max_memory,
             [](const Field& value) { return read_size(value, 0, 1ULL << 40); });
    map.read("min_ttl", cache.min_ttl, ttl_reader());
    const auto max_ttl = map.find("max_ttl");
    if (max_ttl) {
        if (auto value = read_ttl(*max_ttl, kMaxTtl)) cache.max_ttl = *value;
        if (cache.max_ttl < cache.min_ttl) {
            max_ttl->report("max_ttl (" + std::to_string(cache.max_ttl.count()) +
                            "s) is below min_ttl (" + std::to_string(cache.min_ttl.count()) + "s)");
        }
    }
    map.read("max_negative_ttl", cache.max_negative_ttl, ttl_reader());
    map.read("serve_stale", cache.serve_stale, read_bool);
    map.read("stale_ttl", cache.stale_ttl, ttl_reader());
    map.read("max_stale", cache.max_stale, ttl_reader());
    map.read("prefetch", cache.prefetch, read_bool);
    map.report_unknown_keys();
    return cache;
}

BlockingConfig read_blocking(const Field& field) {
    BlockingConfig blocking;
    MapReader map(field);
    read_warning_addresses(map, blocking);
    map.read("ttl", blocking.ttl, ttl_reader());
    map.read("ede", blocking.ede, read_bool);
    map.read("contact", blocking.contact,
             checked_text_reader(is_uri,
                                 "a URI such as mailto:abuse@example.al or "
                                 "https://example.al/report"));
    map.read("organisation", blocking.organisation, read_text);
    map.read("language", blocking.language,
             checked_text_reader(is_language_tag, "a language tag such as sq or en"));
    map.read("safesearch_ttl", blocking.safesearch_ttl, ttl_reader());
    map.report_unknown_keys();
    return blocking;
}

}  // namespace roja::config
