#include "daemon/api/api_time.hpp"

#include <string>

#include "filter/feed_manifest.hpp"

namespace roja::api {

std::optional<std::int64_t> parse_api_time(std::string_view text, bool is_end) {
    constexpr std::int64_t kDay = 86400;
    const bool is_date = text.size() == 10;
    const auto time =
        filter::parse_feed_time(is_date ? std::string(text) + "T00:00:00Z" : std::string(text));
    if (!time) return std::nullopt;
    return time->time_since_epoch().count() + (is_date && is_end ? kDay : 0);
}

TimeRange time_range(const ApiRequest& request, std::string& problem) {
    const auto read = [&](std::string_view key, bool is_end) -> std::optional<std::int64_t> {
        const auto text = request.param(key);
        if (!text) return std::nullopt;
        const auto value = parse_api_time(*text, is_end);
        if (!value) problem = std::string(key) + ": " + std::string(kTimeExpected);
        return value;
    };
    return {read("from", false), read("to", true)};
}

}  // namespace roja::api
