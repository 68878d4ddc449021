#include "filter/prefix_map.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace roja::filter;
using boost::asio::ip::make_address;

namespace {

IpPrefix prefix(std::string_view text) {
    auto parsed = parse_ip_prefix(text);
    REQUIRE_MESSAGE(parsed.has_value(), text);
    return *parsed;
}

PrefixMap map_of(std::initializer_list<std::pair<const char*, std::uint32_t>> entries) {
    PrefixMapBuilder builder;
    for (const auto& [text, value] : entries) builder.add(prefix(text), value);
    return std::move(builder).build();
}

std::optional<std::uint32_t> lookup(const PrefixMap& map, const char* address) {
    return map.longest_match(make_address(address));
}

}  // namespace

TEST_CASE("a prefix reads IPv4 and IPv6 text and prints it back") {
    CHECK(prefix("192.0.2.0/24").to_string() == "192.0.2.0/24");
    CHECK(prefix("2001:db8::/32").to_string() == "2001:db8::/32");
    CHECK(prefix("192.0.2.7").to_string() == "192.0.2.7/32");
    CHECK(prefix("2001:db8::1").to_string() == "2001:db8::1/128");
    CHECK(prefix("0.0.0.0/0").to_string() == "0.0.0.0/0");
    CHECK(prefix("::/0").to_string() == "::/0");
}

TEST_CASE("an IPv4 prefix lives in the v4-mapped part of the IPv6 space") {
    const IpPrefix p = prefix("10.0.0.0/8");
    CHECK(p.is_v4());
    CHECK(p.length == 104);
    CHECK(prefix("::ffff:10.0.0.0/104") == p);
    CHECK_FALSE(prefix("2001:db8::/32").is_v4());
}

TEST_CASE("host bits after the prefix length are cleared") {
    CHECK(prefix("10.1.2.3/8").to_string() == "10.0.0.0/8");
    CHECK(prefix("2001:db8:ffff::1/32").to_string() == "2001:db8::/32");
    CHECK(prefix("10.1.2.3/8") == prefix("10.0.0.0/8"));
}

TEST_CASE("malformed prefixes are rejected") {
    for (const char* bad :
         {"", "/24", "1.2.3.4/", "1.2.3.4/33", "::/129", "1.2.3.4/x", "1.2.3.4/24/1", "1.2.3.4/-1",
          "1.2.3.4/+8", "1.2.3.4/0008", "example.com", "1.2.3", "1.2.3.4 ", "fe80::1%1/64"}) {
        CHECK_MESSAGE(!parse_ip_prefix(bad).has_value(), bad);
    }
    CHECK_FALSE(parse_ip_prefix(std::string_view("1.2.3.4\0/8", 10)).has_value());
}

TEST_CASE("a prefix contains the addresses under it") {
    CHECK(prefix("192.0.2.0/24").contains(make_address("192.0.2.200")));
    CHECK_FALSE(prefix("192.0.2.0/24").contains(make_address("192.0.3.1")));
    CHECK(prefix("192.0.2.0/24").contains(make_address("::ffff:192.0.2.9")));
}

TEST_CASE("the longest IPv4 prefix wins") {
    const PrefixMap map = map_of({{"10.0.0.0/8", 1}, {"10.1.0.0/16", 2}, {"10.1.2.0/24", 3}});
    CHECK(lookup(map, "10.1.2.3") == 3U);
    CHECK(lookup(map, "10.1.9.9") == 2U);
    CHECK(lookup(map, "10.200.0.1") == 1U);
    CHECK(lookup(map, "11.0.0.1") == std::nullopt);
}

TEST_CASE("the longest IPv6 prefix wins") {
    const PrefixMap map =
        map_of({{"2001:db8::/32", 1}, {"2001:db8:1::/48", 2}, {"2001:db8:1:2::1/128", 3}});
    CHECK(lookup(map, "2001:db8:1:2::1") == 3U);
    CHECK(lookup(map, "2001:db8:1:2::2") == 2U);
    CHECK(lookup(map, "2001:db8:ffff::1") == 1U);
    CHECK(lookup(map, "2001:db9::1") == std::nullopt);
}

TEST_CASE("a v4-mapped IPv6 address matches IPv4 prefixes") {
    const PrefixMap map = map_of({{"192.0.2.0/24", 7}});
    CHECK(lookup(map, "::ffff:192.0.2.1") == 7U);
}

TEST_CASE("0.0.0.0/0 covers every IPv4 address but no IPv6 one, and ::/0 covers both") {
    const PrefixMap v4_only = map_of({{"0.0.0.0/0", 4}});
    CHECK(lookup(v4_only, "203.0.113.1") == 4U);
    CHECK(lookup(v4_only, "2001:db8::1") == std::nullopt);
    const PrefixMap all = map_of({{"::/0", 6}});
    CHECK(lookup(all, "203.0.113.1") == 6U);
    CHECK(lookup(all, "2001:db8::1") == 6U);
}

TEST_CASE("every containing prefix is visited, longest first, ties in insertion order") {
    const PrefixMap map =
        map_of({{"10.0.0.0/8", 1}, {"10.1.0.0/16", 2}, {"10.1.0.0/16", 3}, {"10.2.0.0/16", 4}});
    std::vector<std::pair<std::uint32_t, unsigned>> seen;
    map.for_each_match(make_address("10.1.5.5"), [&](std::uint32_t value, std::uint8_t length) {
        seen.emplace_back(value, length);
        return true;
    });
    const std::vector<std::pair<std::uint32_t, unsigned>> expected{{2, 112}, {3, 112}, {1, 104}};
    CHECK(seen == expected);
    CHECK(lookup(map, "10.1.5.5") == 2U);
}

TEST_CASE("an empty map matches nothing") {
    const PrefixMap map;
    CHECK(lookup(map, "127.0.0.1") == std::nullopt);
    CHECK(map.empty());
}
