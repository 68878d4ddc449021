// The upstream query: fresh ID, RD, the question as the client wrote it, our own OPT.
#include <doctest/doctest.h>

#include <array>
#include <vector>

#include "daemon/wire/upstream_query.hpp"
#include "wire_packet.hpp"

namespace roja::wire {
namespace {

using test::Packet;

TEST_CASE("an upstream query keeps the 0x20 question, sets RD, copies CD and DO, drops options") {
    Packet client;
    client.header(0x1111, 0x0010, 1, 0, 0, 1).question("ExAmPle.ORG", 28);  // CD, no RD
    client.opt(4096, 0, true, {0, 8, 0, 4, 0, 1, 0, 0});                    // ECS is not forwarded
    QueryView q;
    decode_query(client.bytes(), q);
    REQUIRE(q.status == QueryStatus::ok);
    std::array<std::uint8_t, 512> out{};
    auto size = write_upstream_query(q, 0x2222, out);
    REQUIRE(size.has_value());
    Packet expected;
    expected.header(0x2222, 0x0110, 1, 0, 0, 1).question("ExAmPle.ORG", 28).opt(1232, 0, true);
    CHECK(std::vector<std::uint8_t>(out.begin(), out.begin() + *size) == expected.bytes());
}

TEST_CASE("an upstream query always carries OPT and refuses a buffer too small") {
    Packet client;
    client.header(1, 0x0100, 1, 0, 0, 0).question("a.b", 1);
    QueryView q;
    decode_query(client.bytes(), q);
    std::array<std::uint8_t, 64> out{};
    auto size = write_upstream_query(q, 7, out, 4096);
    REQUIRE(size.has_value());
    QueryView again;
    decode_query(std::span(out.data(), *size), again);
    CHECK(again.status == QueryStatus::ok);
    CHECK(again.edns.udp_size == 4096);
    CHECK_FALSE(again.edns.dnssec_ok);
    CHECK(again.rd());
    std::array<std::uint8_t, 20> tiny{};
    CHECK_FALSE(write_upstream_query(q, 7, tiny).has_value());
}

}  // namespace
}  // namespace roja::wire
