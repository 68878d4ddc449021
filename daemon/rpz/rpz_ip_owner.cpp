#include "daemon/rpz/rpz_ip_owner.hpp"

#include <array>
#include <cstdint>

namespace roja::rpz {

namespace {

void append_v4(const filter::IpPrefix& prefix, std::string& out) {
    out += std::to_string(prefix.length - 96);
    for (int shift = 0; shift < 32; shift += 8) {
        out.push_back('.');
        out += std::to_string((prefix.bits.lo >> shift) & 0xff);
    }
}

std::array<std::uint16_t, 8> groups_of(const filter::Address128& bits) {
    std::array<std::uint16_t, 8> groups{};
    for (int i = 0; i < 4; ++i) {
        groups[i] = static_cast<std::uint16_t>(bits.hi >> (48 - 16 * i));
        groups[4 + i] = static_cast<std::uint16_t>(bits.lo >> (48 - 16 * i));
    }
    return groups;
}

// The longest run of two or more zero groups (the first on a tie), as RFC 5952 picks "::".
std::pair<int, int> longest_zero_run(const std::array<std::uint16_t, 8>& groups) {
    int best_start = -1, best_length = 1;
    for (int i = 0; i < 8;) {
        if (groups[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && groups[j] == 0) ++j;
        if (j - i > best_length) best_start = i, best_length = j - i;
        i = j;
    }
    return {best_start, best_start < 0 ? 0 : best_length};
}

void append_v6(const filter::IpPrefix& prefix, std::string& out) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += std::to_string(prefix.length);
    const auto groups = groups_of(prefix.bits);
    const auto [zero_start, zero_length] = longest_zero_run(groups);
    for (int i = 7; i >= 0; --i) {
        out.push_back('.');
        if (zero_length > 0 && i == zero_start + zero_length - 1) {
            out += "zz";
            i = zero_start;
            continue;
        }
        char text[4];
        int n = 0;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const int digit = (groups[i] >> shift) & 0xf;
            if (n == 0 && digit == 0 && shift != 0) continue;
            text[n++] = kHex[digit];
        }
        out.append(text, static_cast<std::size_t>(n));
    }
}

}  // namespace

void append_rpz_ip_owner(const filter::IpPrefix& prefix, std::string& out) {
    if (prefix.is_v4())
        append_v4(prefix, out);
    else
        append_v6(prefix, out);
    out += ".rpz-ip";
}

}  // namespace roja::rpz
