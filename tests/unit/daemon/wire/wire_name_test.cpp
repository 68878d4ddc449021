// Wire names: canonical spelling, RFC 1035 limits and compression rules.
#include <doctest/doctest.h>

#include <array>
#include <string>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/wire_name.hpp"
#include "wire_packet.hpp"

namespace roja::wire {
namespace {

using test::Packet;

std::string read_text(const Packet& p, std::size_t pos, Compression c = Compression::backwards) {
    std::array<char, kMaxNameChars> text{};
    auto r = read_name(p.bytes(), pos, c, {text.data(), nullptr});
    REQUIRE(r.has_value());
    return {text.data(), r->text_length};
}

Packet with_header() {
    Packet p;
    p.header(0, 0, 0, 0, 0, 0);
    return p;
}

TEST_CASE("a mixed-case wire name reads as lower-case canonical text with its wire kept as sent") {
    Packet p = with_header();
    p.name("WwW.ExAmple.COM");
    std::array<char, kMaxNameChars> text{};
    std::array<std::uint8_t, kMaxNameOctets> wire{};
    auto r = read_name(p.bytes(), 12, Compression::forbidden, {text.data(), wire.data()});
    REQUIRE(r.has_value());
    CHECK(std::string(text.data(), r->text_length) == "www.example.com");
    CHECK(r->wire_length == 17);
    CHECK(r->next == p.size());
    CHECK(wire[1] == 'W');
    CHECK(wire[2] == 'w');
}

TEST_CASE("odd octets in a label are spelled as \\DDD escapes and the root reads as empty text") {
    Packet p = with_header();
    p.raw({3, 'a', '.', ' ', 1, 0xff, 0});
    CHECK(read_text(p, 12) == "a\\046\\032.\\255");
    Packet root = with_header();
    root.u8(0);
    CHECK(read_text(root, 12).empty());
}

TEST_CASE("a 64-octet label and a name over 255 octets are rejected") {
    Packet label = with_header();
    label.u8(64).text(std::string(64, 'a')).u8(0);
    CHECK(read_name(label.bytes(), 12, Compression::forbidden).error() ==
          make_error_code(WireError::bad_label));
    Packet longname = with_header();
    for (int i = 0; i < 5; ++i) longname.u8(50).text(std::string(50, 'b'));  // 255 + root
    longname.u8(0);
    CHECK(read_name(longname.bytes(), 12, Compression::forbidden).error() ==
          make_error_code(WireError::name_too_long));
}

TEST_CASE("a name of exactly 255 octets is accepted") {
    Packet p = with_header();
    for (int i = 0; i < 3; ++i) p.u8(63).text(std::string(63, 'c'));
    p.u8(61).text(std::string(61, 'd')).u8(0);  // 3*64 + 62 + 1 = 255
    auto r = read_name(p.bytes(), 12, Compression::forbidden);
    REQUIRE(r.has_value());
    CHECK(r->wire_length == 255);
}

TEST_CASE("a backward pointer is followed and the name ends after the pointer") {
    Packet p = with_header();
    p.name("example.com");  // at 12
    p.u8(3).text("www").pointer(12);
    const std::size_t second = 12 + 13;
    auto r = read_name(p.bytes(), second, Compression::backwards);
    REQUIRE(r.has_value());
    CHECK(r->next == p.size());
    CHECK(read_text(p, second) == "www.example.com");
}

TEST_CASE("pointers are refused where compression is forbidden, forward, to itself or in a loop") {
    Packet p = with_header();
    p.pointer(12);  // points at itself
    CHECK(read_name(p.bytes(), 12, Compression::forbidden).error() ==
          make_error_code(WireError::pointer_not_allowed));
    CHECK(read_name(p.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::bad_pointer));
    Packet forward = with_header();
    forward.pointer(14).name("a");
    CHECK(read_name(forward.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::bad_pointer));
    // Label "a" then a pointer back to it: each pass adds octets until the name is too long.
    Packet loop = with_header();
    loop.u8(1).text("a").pointer(12);
    CHECK(read_name(loop.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::name_too_long));
    Packet into_header = with_header();
    into_header.pointer(2);
    CHECK(read_name(into_header.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::bad_pointer));
}

TEST_CASE("a name cut short by the end of the message is truncated, never read past") {
    Packet p = with_header();
    p.u8(5).text("abc");
    CHECK(read_name(p.bytes(), 12, Compression::forbidden).error() ==
          make_error_code(WireError::truncated));
    Packet half_pointer = with_header();
    half_pointer.u8(0xC0);
    CHECK(read_name(half_pointer.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::truncated));
    Packet extended = with_header();
    extended.u8(0x41).u8(0);
    CHECK(read_name(extended.bytes(), 12, Compression::backwards).error() ==
          make_error_code(WireError::bad_label));
}

TEST_CASE("canonical text encodes to wire form and decodes back to the same text") {
    for (std::string_view name : {"", "com", "www.example.com", "a\\046b.c", "x\\255\\000y.z"}) {
        std::array<std::uint8_t, kMaxNameOctets> wire{};
        auto length = encode_name(name, wire);
        REQUIRE(length.has_value());
        Packet p = with_header();
        for (std::size_t i = 0; i < *length; ++i) p.u8(wire[i]);
        CHECK(read_text(p, 12) == name);
    }
}

TEST_CASE("text that is not a name does not encode") {
    std::array<std::uint8_t, kMaxNameOctets> wire{};
    CHECK_FALSE(encode_name("a..b", wire).has_value());
    CHECK_FALSE(encode_name(".a", wire).has_value());
    CHECK_FALSE(encode_name("a\\99", wire).has_value());
    CHECK_FALSE(encode_name("a\\256", wire).has_value());
    CHECK_FALSE(encode_name(std::string(64, 'a'), wire).has_value());
    std::string long_name;
    for (int i = 0; i < 4; ++i) long_name += std::string(63, 'a') + ".";
    long_name += "a";  // 4*64 + 2 + 1 > 255
    CHECK_FALSE(encode_name(long_name, wire).has_value());
    CHECK(encode_name("example.com.", wire).value() == 13);
}

TEST_CASE("wire names compare equal regardless of ASCII case") {
    const std::uint8_t a[] = {3, 'W', 'w', 'W', 0};
    const std::uint8_t b[] = {3, 'w', 'w', 'w', 0};
    const std::uint8_t c[] = {3, 'w', 'w', 'x', 0};
    CHECK(wire_names_equal(a, b));
    CHECK_FALSE(wire_names_equal(a, c));
}

}  // namespace
}  // namespace roja::wire
