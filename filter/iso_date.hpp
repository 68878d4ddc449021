// ISO 8601 dates as order metadata carries them: "2024-03-01" or a date-time
// "2024-03-01T12:00[:00[.000]][Z|+01:00]" (a space instead of 'T' too: spreadsheets write that).
#pragma once

#include <string_view>

namespace roja::filter {

// Returns an empty view when `text` is a valid date (or date-time when allowed), else the reason.
std::string_view check_iso_date(std::string_view text, bool allow_time = true) noexcept;

}  // namespace roja::filter
