#include "config/value_parsers.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <utility>

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

namespace roja::config {

namespace {

using boost::system::in_place_error;

struct Unit {
    std::string_view suffix;
    std::uint64_t factor;
};

// Longest suffixes first so "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kDurationUnits{
    {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};
constexpr std::array<Unit, 4> kSizeUnits{
    {{"KiB", 1ULL << 10}, {"MiB", 1ULL << 20}, {"GiB", 1ULL << 30}, {"TiB", 1ULL << 40}}};

// Splits "123abc" into the number 123 and the rest "abc"; nullopt without leading digits or
// on overflow.
std::optional<std::pair<std::uint64_t, std::string_view>> split_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    return std::pair{value, text.substr(static_cast<std::size_t>(end - text.data()))};
}

template <std::size_t N>
std::optional<std::uint64_t> scale(std::string_view text, const std::array<Unit, N>& units,
                                   std::uint64_t plain_factor) {
    const auto split = split_number(text);
    if (!split) return std::nullopt;
    const auto [number, suffix] = *split;
    std::uint64_t factor = 0;
    if (suffix.empty()) factor = plain_factor;
    for (const Unit& unit : units) {
        if (suffix == unit.suffix) factor = unit.factor;
    }
    if (factor == 0) return std::nullopt;
    if (number > std::numeric_limits<std::int64_t>::max() / factor) return std::nullopt;
    return number * factor;
}

Parsed<IpPrefix> checked_prefix(const boost::asio::ip::address& address, unsigned length) {
    IpPrefix prefix{address, length};
    if (address.is_v4()) {
        const auto network = boost::asio::ip::network_v4(address.to_v4(), length).canonical();
        prefix.address = network.address();
    } else {
        const auto network = boost::asio::ip::network_v6(address.to_v6(), length).canonical();
        prefix.address = network.address();
    }
    if (prefix.address != address) {
        return Parsed<IpPrefix>(in_place_error, "a prefix without host bits set (did you mean " +
                                                    to_string(prefix) + "?)");
    }
    return prefix;
}

}  // namespace

Parsed<std::chrono::milliseconds> parse_duration(std::string_view text) {
    const auto millis = scale(text, kDurationUnits, 1000);
    if (!millis) {
        return Parsed<std::chrono::milliseconds>(
            in_place_error, "a duration such as 250ms, 10s, 5m, 1h, 1d or whole seconds");
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(*millis));
}

Parsed<std::uint64_t> parse_size(std::string_view text) {
    const auto bytes = scale(text, kSizeUnits, 1);
    if (!bytes) {
        return Parsed<std::uint64_t>(in_place_error,
                                     "a size such as 512KiB, 64MiB, 1GiB or a number of bytes");
    }
    return *bytes;
}

Parsed<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t max) {
    const auto split = split_number(text);
    if (!split || !split->second.empty() || split->first > max) {
        return Parsed<std::uint64_t>(in_place_error,
                                     "a whole number from 0 to " + std::to_string(max));
    }
    return split->first;
}

Parsed<boost::asio::ip::address> parse_address(std::string_view text) {
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(text), ec);
    if (ec) {
        return Parsed<boost::asio::ip::address>(
            in_place_error, "an IPv4 or IPv6 address such as 192.0.2.1 or 2001:db8::1");
    }
    return address;
}

Parsed<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port) {
    const std::string expected =
        "an address with an optional port such as 192.0.2.1:53 or [2001:db8::1]:53";
    std::string_view host = text;
    std::string_view port_text;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos) return Parsed<Endpoint>(in_place_error, expected);
        host = text.substr(1, close - 1);
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && (!rest.starts_with(':') || rest.size() == 1)) {
            return Parsed<Endpoint>(in_place_error, expected);
        }
        if (!rest.empty()) port_text = rest.substr(1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        const auto colon = text.find(':');
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }
    const auto address = parse_address(host);
    if (!address) return Parsed<Endpoint>(in_place_error, expected);
    Endpoint endpoint{*address, default_port};
    if (!port_text.empty() || text.ends_with(':')) {
        const auto port = parse_unsigned(port_text, 65535);
        if (!port || *port == 0) return Parsed<Endpoint>(in_place_error, "a port from 1 to 65535");
        endpoint.port = static_cast<std::uint16_t>(*port);
    }
    return endpoint;
}

Parsed<IpPrefix> parse_prefix(std::string_view text) {
    const std::string expected = "a prefix such as 10.0.0.0/8 or fd00::/8, or a single address";
    const auto slash = text.find('/');
    const auto address = parse_address(text.substr(0, slash));
    if (!address) return Parsed<IpPrefix>(in_place_error, expected);
    const unsigned max_length = address->is_v4() ? 32 : 128;
    if (slash == std::string_view::npos) return IpPrefix{*address, max_length};
    const auto length = parse_unsigned(text.substr(slash + 1), max_length);
    if (!length) {
        return Parsed<IpPrefix>(in_place_error,
                                "a prefix length from 0 to " + std::to_string(max_length));
    }
    return checked_prefix(*address, static_cast<unsigned>(*length));
}

bool is_identifier(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

}  // namespace roja::config
