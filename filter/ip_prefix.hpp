// An IPv4 or IPv6 prefix in one 128-bit space: IPv4 is held as its v4-mapped IPv6 form
// (::ffff:a.b.c.d, length + 96), so a v4-mapped IPv6 client or answer matches IPv4 prefixes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "filter/result.hpp"

namespace roja::filter {

struct Address128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;

    friend bool operator==(const Address128&, const Address128&) = default;
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
    friend auto operator<=>(const Address128&, const Address128&) = default;
};

// IPv4 becomes ::ffff:a.b.c.d; IPv6 is taken as is.
// NOLINTNEXTLINE(bugprone-exception-escape): the family is checked before to_v4/to_v6
Address128 to_address128(const boost::asio::ip::address& address) noexcept;
// Keeps the first `length` bits (0..128).
Address128 mask(Address128 address, unsigned length) noexcept;

struct IpPrefix {
    Address128 bits;          // host bits are zero
    std::uint8_t length = 0;  // 0..128 in the shared space (an IPv4 /24 is 120)

    // NOLINTNEXTLINE(bugprone-exception-escape): see to_address128
    static IpPrefix host(const boost::asio::ip::address& address) noexcept;
    bool is_v4() const noexcept;
    bool contains(const boost::asio::ip::address& address) const noexcept;
    // "192.0.2.0/24", "2001:db8::/32".
    std::string to_string() const;

    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

// Parses "ADDRESS" (a host prefix) or "ADDRESS/LENGTH". Host bits set in ADDRESS are cleared
// ("10.1.2.3/8" is 10.0.0.0/8). Fails with errc::invalid_argument.
Result<IpPrefix> parse_ip_prefix(std::string_view text);

}  // namespace roja::filter
