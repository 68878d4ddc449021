#include "config/value_parsers.hpp"

#include <doctest/doctest.h>

using namespace roja::config;
using std::chrono::milliseconds;

namespace {
std::string endpoint_text(std::string_view text) {
    const auto endpoint = parse_endpoint(text, 53);
    REQUIRE_MESSAGE(endpoint.has_value(), text);
    return to_string(*endpoint);
}
std::string prefix_text(std::string_view text) {
    const auto prefix = parse_prefix(text);
    REQUIRE_MESSAGE(prefix.has_value(), text);
    return to_string(*prefix);
}
}  // namespace

TEST_CASE("durations take ms, s, m, h and d, and a plain integer is seconds") {
    CHECK(*parse_duration("250ms") == milliseconds(250));
    CHECK(*parse_duration("10s") == milliseconds(10'000));
    CHECK(*parse_duration("5m") == milliseconds(300'000));
    CHECK(*parse_duration("1h") == milliseconds(3'600'000));
    CHECK(*parse_duration("1d") == milliseconds(86'400'000));
    CHECK(*parse_duration("30") == milliseconds(30'000));
    CHECK(*parse_duration("0s") == milliseconds(0));
}

TEST_CASE("a duration with a sign, a fraction, a space or an unknown unit is rejected") {
    for (const char* text :
         {"", "-1s", "+1s", "1.5s", "1 s", "10x", "s", "1sec", "1S", "99999999999999999999d"}) {
        const auto duration = parse_duration(text);
        REQUIRE_MESSAGE(!duration.has_value(), text);
        CHECK(duration.error().find("250ms") != std::string::npos);
    }
}

TEST_CASE("sizes take KiB, MiB, GiB and TiB, and a plain integer is bytes") {
    CHECK(*parse_size("512KiB") == 512 * 1024);
    CHECK(*parse_size("64MiB") == 64ULL << 20);
    CHECK(*parse_size("1GiB") == 1ULL << 30);
    CHECK(*parse_size("2TiB") == 2ULL << 40);
    CHECK(*parse_size("65536") == 65536);
    for (const char* text : {"64MB", "64mib", "1.5GiB", "-1", "MiB", "18446744073709551615KiB"}) {
        CHECK_MESSAGE(!parse_size(text).has_value(), text);
    }
}

TEST_CASE("an endpoint is an address with an optional port, IPv6 in brackets") {
    CHECK(endpoint_text("127.0.0.1:5353") == "127.0.0.1:5353");
    CHECK(endpoint_text("127.0.0.1") == "127.0.0.1:53");
    CHECK(endpoint_text("[::1]:5353") == "[::1]:5353");
    CHECK(endpoint_text("[::1]") == "[::1]:53");
    CHECK(endpoint_text("2001:db8::1") == "[2001:db8::1]:53");
}

TEST_CASE("an endpoint with a bad port or address says which one is wrong") {
    CHECK(parse_endpoint("127.0.0.1:0", 53).error().find("port") != std::string::npos);
    CHECK(parse_endpoint("127.0.0.1:65536", 53).error().find("port") != std::string::npos);
    CHECK(parse_endpoint("127.0.0.1:", 53).error().find("port") != std::string::npos);
    CHECK(parse_endpoint("[::1]:x", 53).error().find("port") != std::string::npos);
    for (const char* text : {"", "localhost:53", "[::1", "[::1]53", "1.2.3.4:53:1", "300.1.1.1"}) {
        CHECK_MESSAGE(!parse_endpoint(text, 53).has_value(), text);
    }
}

TEST_CASE("a prefix needs its host bits clear and suggests the network when they are not") {
    CHECK(prefix_text("10.0.0.0/8") == "10.0.0.0/8");
    CHECK(prefix_text("fd00:1::/48") == "fd00:1::/48");
    CHECK(prefix_text("192.0.2.7") == "192.0.2.7/32");
    CHECK(prefix_text("::1") == "::1/128");
    CHECK(prefix_text("0.0.0.0/0") == "0.0.0.0/0");
    const auto host_bits = parse_prefix("10.1.2.3/16");
    REQUIRE_FALSE(host_bits.has_value());
    CHECK(host_bits.error().find("10.1.0.0/16") != std::string::npos);
    CHECK(parse_prefix("10.0.0.0/33").error().find("0 to 32") != std::string::npos);
    CHECK(parse_prefix("::/129").error().find("0 to 128") != std::string::npos);
    CHECK_FALSE(parse_prefix("10.0.0.0/").has_value());
    CHECK_FALSE(parse_prefix("example/8").has_value());
}

TEST_CASE("identifiers are lower-case letters, digits, dots, underscores and dashes") {
    CHECK(is_identifier("akep-orders_2026.1"));
    CHECK_FALSE(is_identifier(""));
    CHECK_FALSE(is_identifier("AKEP"));
    CHECK_FALSE(is_identifier("a b"));
    CHECK_FALSE(is_identifier("a/b"));
}
