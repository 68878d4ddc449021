// IP addresses and prefixes as lists write them: hosts' first column, CSV `ip` entries.
#pragma once

#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace roja::filter {

// Parses an IPv4 or IPv6 address without allocating; false when `text` is not one.
bool parse_ip_address(std::string_view text, boost::asio::ip::address& out) noexcept;

// Normalises "192.0.2.0/24", "2001:db8::/32" or a single address (written as /32 or /128) into
// `out`. Host bits below the prefix must be zero. Returns an empty view on success, else the
// reason (a static string).
std::string_view normalize_ip_prefix(std::string_view text, std::string& out);

}  // namespace roja::filter
