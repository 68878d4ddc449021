// RFC 3339 UTC times as the feed manifest writes them: "2026-11-28T10:00:00Z".
#include <cstdio>
#include <optional>

#include "filter/feed_manifest.hpp"

namespace roja::filter {
namespace {

constexpr std::string_view kExpectedTime =
    "expected an RFC 3339 UTC time like 2026-11-28T10:00:00Z";

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool separators_fit(std::string_view text) {
    return text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' &&
           text[16] == ':' && text.back() == 'Z';
}

// After "YYYY-MM-DDTHH:MM:SS": nothing or "." and 1..9 digits, then "Z".
bool fraction_fits(std::string_view text) {
    const std::string_view rest = text.substr(19, text.size() - 20);
    if (rest.empty()) return true;
    if (rest.size() < 2 || rest.size() > 10 || rest.front() != '.') return false;
    return digits(rest, 1, rest.size() - 1).has_value();
}

}  // namespace

FeedResult<std::chrono::sys_seconds> parse_feed_time(std::string_view text) {
    using namespace std::chrono;
    if (text.size() < 20 || !separators_fit(text) || !fraction_fits(text))
        return feed_problem(FeedError::malformed_manifest, std::string(kExpectedTime));
    const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59)
        return feed_problem(FeedError::malformed_manifest, std::string(kExpectedTime));
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return feed_problem(FeedError::malformed_manifest, std::string(kExpectedTime));
    return sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
}

}  // namespace roja::filter
