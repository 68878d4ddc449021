// The one UTC time format of feed manifests, audit records, API answers and rojactl output:
// "2026-11-28T10:00:00Z" (RFC 3339, whole seconds).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace roja::filter {

std::string format_utc(std::chrono::sys_seconds time);
inline std::string format_utc(std::chrono::system_clock::time_point time) {
    return format_utc(std::chrono::floor<std::chrono::seconds>(time));
}
// The date part alone ("2026-11-28") of a time given in Unix seconds: a day bucket's name.
inline std::string format_utc_day(std::int64_t unix_seconds) {
    return format_utc(std::chrono::sys_seconds(std::chrono::seconds(unix_seconds))).substr(0, 10);
}

}  // namespace roja::filter
