// Query types as a bounded label: the common types by name, everything else as "other", so a
// client sending every one of the 65,536 types adds one series, not 65,536.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace roja::metrics {

inline constexpr std::array<std::string_view, 17> kQtypeNames{
    "A",     "NS", "CNAME",  "SOA",  "PTR",   "MX",  "TXT", "AAAA", "SRV",
    "NAPTR", "DS", "DNSKEY", "SVCB", "HTTPS", "CAA", "ANY", "other"};

constexpr std::size_t qtype_slot(std::uint16_t qtype) noexcept {
    switch (qtype) {
        case 1:
            return 0;
        case 2:
            return 1;
        case 5:
            return 2;
        case 6:
            return 3;
        case 12:
            return 4;
        case 15:
            return 5;
        case 16:
            return 6;
        case 28:
            return 7;
        case 33:
            return 8;
        case 35:
            return 9;
        case 43:
            return 10;
        case 48:
            return 11;
        case 64:
            return 12;
        case 65:
            return 13;
        case 257:
            return 14;
        case 255:
            return 15;
        default:
            return kQtypeNames.size() - 1;
    }
}

}  // namespace roja::metrics
