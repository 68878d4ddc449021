#include "daemon/server/forwarded_answer.hpp"

#include <doctest/doctest.h>

#include "../wire/wire_packet.hpp"
#include "daemon/wire/query_view.hpp"
#include "daemon/wire/reply_view.hpp"

using namespace roja;
using server::finish_forwarded_answer;
using server::strip_opt;
using wire::test::Packet;

namespace {

wire::QueryView decoded(const Packet& packet) {
    wire::QueryView query;
    wire::decode_query(packet.bytes(), query);
    REQUIRE(query.status == wire::QueryStatus::ok);
    return query;
}

// An upstream reply: AA set, one A record, then the upstream's OPT.
Packet upstream_reply(std::uint16_t id, std::string_view qname) {
    Packet p;
    p.header(id, 0x8580, 1, 1, 0, 1).question(qname, 1);
    p.pointer(12).u16(1).u16(1).u32(300).u16(4).raw({192, 0, 2, 1});
    p.opt(4096);
    return p;
}

}  // namespace

TEST_CASE("an upstream reply loses its OPT and keeps its records and TTL offsets") {
    Packet reply = upstream_reply(7, "www.example.com");
    wire::ReplyView view;
    REQUIRE(wire::walk_message(reply.bytes(), view));
    const std::size_t length = strip_opt(reply.bytes(), reply.size(), view);
    CHECK(length == reply.size() - wire::kOptFixedSize);
    CHECK(reply.bytes()[11] == 0);  // ARCOUNT
    wire::ReplyView again;
    REQUIRE(wire::walk_message({reply.bytes().data(), length}, again));
    CHECK(again.opt_offset == 0);
    CHECK(again.ttl_count == 1);
    CHECK(again.ttl_offsets[0] == view.ttl_offsets[0]);
}

TEST_CASE("a forwarded answer gets the client's id, spelling, RD and our OPT, and never AA") {
    Packet query_packet;
    query_packet.header(0x1234, 0x0100, 1, 0, 0, 1)
        .question("WwW.ExAmPlE.cOm", 1)
        .opt(1232, 0, true);
    const auto query = decoded(query_packet);
    Packet reply = upstream_reply(99, "www.example.com");
    wire::ReplyView view;
    REQUIRE(wire::walk_message(reply.bytes(), view));
    std::vector<std::uint8_t> out = reply.bytes();
    out.resize(4096);
    const std::size_t length =
        finish_forwarded_answer(out, strip_opt(out, reply.size(), view), query, 1232, 1232);
    wire::ReplyView answer;
    REQUIRE(wire::walk_message({out.data(), length}, answer));
    CHECK(answer.id == 0x1234);
    CHECK((answer.flags & wire::flag::kAa) == 0);
    CHECK((answer.flags & wire::flag::kRa) != 0);
    CHECK((answer.flags & wire::flag::kRd) != 0);
    CHECK(answer.edns.present);
    CHECK(answer.edns.udp_size == 1232);
    CHECK(answer.edns.dnssec_ok);
    CHECK(std::string_view(reinterpret_cast<const char*>(out.data()) + 13, 3) == "WwW");
}

TEST_CASE("an answer too big for the client's UDP size is cut to the question with TC") {
    Packet query_packet;
    query_packet.header(1, 0x0100, 1, 0, 0, 0).question("big.example", 16);
    const auto query = decoded(query_packet);
    Packet reply;
    reply.header(1, 0x8180, 1, 3, 0, 0).question("big.example", 16);
    for (int i = 0; i < 3; ++i) {
        reply.pointer(12).u16(16).u16(1).u32(60).u16(201).u8(200);
        for (int k = 0; k < 200; ++k) reply.u8('x');
    }
    std::vector<std::uint8_t> out = reply.bytes();
    const std::size_t length = finish_forwarded_answer(out, reply.size(), query, 512, 1232);
    CHECK(length == 12 + 13 + 4);
    CHECK((out[2] & 0x02) != 0);  // TC
    CHECK(out[7] == 0);           // ANCOUNT
}
