// Text → value for the config's small grammars (durations, sizes, endpoints, prefixes). Pure
// functions on strings, so they are tested without YAML; the error is what was expected.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/system/result.hpp>

#include "config/endpoint.hpp"

namespace roja::config {

// A value, or a sentence saying what was expected instead ("expected a port 1..65535").
template <class T>
using Parsed = boost::system::result<T, std::string>;

// "250ms", "10s", "5m", "1h", "1d", or a plain integer of seconds. Never negative.
Parsed<std::chrono::milliseconds> parse_duration(std::string_view text);

// "512KiB", "64MiB", "1GiB", "1TiB", or a plain integer of bytes.
Parsed<std::uint64_t> parse_size(std::string_view text);

// A decimal integer without sign, at most `max`.
Parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max);

// "192.0.2.1", "2001:db8::1", "fe80::1%eth0".
Parsed<boost::asio::ip::address> parse_address(std::string_view text);

// "192.0.2.1:5353", "[2001:db8::1]:5353", or an address alone (then `default_port`).
Parsed<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port);

// "10.0.0.0/8", "fd00::/8", or an address alone (a host prefix). Host bits must be zero.
Parsed<IpPrefix> parse_prefix(std::string_view text);

// True for [a-z0-9._-]+ : ids and names that end up in metrics labels and file names.
bool is_identifier(std::string_view text) noexcept;

}  // namespace roja::config
