#include "filter/iso_date.hpp"

namespace roja::filter {

namespace {

// Reads `count` digits at text[pos]; -1 when they are not all digits.
int read_number(std::string_view text, std::size_t pos, std::size_t count) noexcept {
    if (pos + count > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

int days_in_month(int year, int month) noexcept {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string_view check_date(std::string_view text) noexcept {
    const int year = read_number(text, 0, 4), month = read_number(text, 5, 2),
              day = read_number(text, 8, 2);
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || year < 0 || month < 0 || day < 0)
        return "not an ISO 8601 date (YYYY-MM-DD)";
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return "no such date";
    return {};
}

std::string_view check_offset(std::string_view zone) noexcept {
    if (zone.empty() || zone == "Z") return {};
    const int hours = read_number(zone, 1, 2), minutes = read_number(zone, 4, 2);
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':' || hours < 0 ||
        hours > 23 || minutes < 0 || minutes > 59)
        return "a malformed time zone offset";
    return {};
}

// "HH:MM[:SS[.fraction]]" then the zone.
std::string_view check_time(std::string_view text) noexcept {
    const int hours = read_number(text, 0, 2), minutes = read_number(text, 3, 2);
    if (text.size() < 5 || text[2] != ':' || hours < 0 || minutes < 0)
        return "a malformed time (HH:MM[:SS])";
    if (hours > 23 || minutes > 59) return "no such time";
    std::size_t pos = 5;
    if (pos < text.size() && text[pos] == ':') {
        const int seconds = read_number(text, pos + 1, 2);
        if (seconds < 0) return "a malformed time (HH:MM[:SS])";
        if (seconds > 60) return "no such time";  // 60: a leap second
        pos += 3;
        if (pos < text.size() && text[pos] == '.') {
            const std::size_t digits = ++pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == digits) return "a malformed fraction of a second";
        }
    }
    return check_offset(text.substr(pos));
}

}  // namespace

std::string_view check_iso_date(std::string_view text, bool allow_time) noexcept {
    if (auto reason = check_date(text); !reason.empty()) return reason;
    if (text.size() == 10) return {};
    if (!allow_time || (text[10] != 'T' && text[10] != ' '))
        return "not an ISO 8601 date (YYYY-MM-DD)";
    return check_time(text.substr(11));
}

}  // namespace roja::filter
