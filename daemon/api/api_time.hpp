// Times in API query parameters: a date (2026-11-29) or a UTC time (2026-11-29T10:00:00Z).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/api/api_message.hpp"

namespace roja::api {

inline constexpr std::string_view kTimeExpected =
    "expected a date (2026-11-29) or a UTC time (2026-11-29T10:00:00Z)";

// Unix seconds; a date as the end of a range (`is_end`) means the end of that day, so `to` is
// inclusive for dates and exclusive for times.
std::optional<std::int64_t> parse_api_time(std::string_view text, bool is_end);

// The request's `from` and `to` parameters, each when given (Unix seconds). A value that is
// neither form sets `problem`, naming the parameter.
struct TimeRange {
    std::optional<std::int64_t> from, to;
};
TimeRange time_range(const ApiRequest& request, std::string& problem);

}  // namespace roja::api
