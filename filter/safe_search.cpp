#include "filter/safe_search.hpp"

#include <array>
#include <string>
#include <unordered_map>

namespace roja::filter {

namespace {

constexpr std::string_view kGoogleSafe = "forcesafesearch.google.com";
constexpr std::string_view kBingSafe = "strict.bing.com";
constexpr std::string_view kDuckDuckGoSafe = "safe.duckduckgo.com";
constexpr std::string_view kYouTubeSafe = "restrict.youtube.com";

// Google's search front ends by country; Albania's neighbours and the largest markets first.
constexpr std::array<std::string_view, 60> kGoogleSuffixes = {
    "com",    "al",     "it",     "gr",     "rs",     "me",     "mk",    "com.tr", "de",
    "fr",     "co.uk",  "es",     "at",     "ch",     "be",     "nl",    "se",     "no",
    "dk",     "fi",     "pl",     "cz",     "sk",     "hu",     "ro",    "bg",     "hr",
    "si",     "ba",     "pt",     "ie",     "lu",     "lt",     "lv",    "ee",     "ru",
    "com.ua", "ca",     "com.au", "co.nz",  "co.jp",  "co.kr",  "co.in", "com.br", "com.mx",
    "com.ar", "cl",     "com.co", "com.pe", "co.za",  "com.eg", "ae",    "com.sa", "co.il",
    "com.sg", "com.hk", "com.tw", "co.id",  "com.ph", "com.vn"};

// Transparent, so a query's string_view is looked up without building a std::string.
struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const noexcept {
        return std::hash<std::string_view>{}(name);
    }
};
using SafeSearchTable =
    std::unordered_map<std::string, std::string_view, NameHash, std::equal_to<>>;

SafeSearchTable build_table() {
    SafeSearchTable table;
    for (std::string_view suffix : kGoogleSuffixes) {
        table.emplace("google." + std::string(suffix), kGoogleSafe);
        table.emplace("www.google." + std::string(suffix), kGoogleSafe);
    }
    for (std::string_view name : {"bing.com", "www.bing.com"}) table.emplace(name, kBingSafe);
    for (std::string_view name : {"duckduckgo.com", "www.duckduckgo.com", "start.duckduckgo.com"})
        table.emplace(name, kDuckDuckGoSafe);
    for (std::string_view name :
         {"youtube.com", "www.youtube.com", "m.youtube.com", "youtubei.googleapis.com",
          "youtube.googleapis.com", "www.youtube-nocookie.com"})
        table.emplace(name, kYouTubeSafe);
    return table;
}

}  // namespace

std::optional<std::string_view> safe_search_target(std::string_view canonical_name) noexcept {
    static const SafeSearchTable table = build_table();
    const auto it = table.find(canonical_name);
    if (it == table.end()) return std::nullopt;
    return it->second;
}

}  // namespace roja::filter
