// Upstream replies: validation of every hostile layout, and what the cache and policy extract.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "daemon/wire/byte_io.hpp"
#include "daemon/wire/reply_view.hpp"
#include "wire_packet.hpp"

// ldns last: its headers redefine bool, which breaks <optional> included after them.
#include <ldns/ldns.h>

namespace roja::wire {
namespace {

using test::Packet;

struct Recorder final : RecordVisitor {
    std::vector<std::string> seen;
    void on_cname(std::string_view owner, std::string_view target) noexcept override {
        seen.push_back(std::string(owner) + " CNAME " + std::string(target));
    }
    void on_address(std::string_view owner,
                    std::span<const std::uint8_t> address) noexcept override {
        seen.push_back(std::string(owner) + " addr/" + std::to_string(address.size()) + " " +
                       std::to_string(address[0]));
    }
};

// www.Example.com A: CNAME to cdn.example.net (compressed), two A records, OPT.
Packet cname_reply() {
    Packet p;
    p.header(0x4321, 0x8180, 1, 3, 0, 1).question("www.Example.com", 1);  // name at 12, 17 octets
    p.pointer(12)
        .u16(5)
        .u16(1)
        .u32(300)
        .u16(17)
        .u8(3)
        .text("cdn")
        .u8(7)
        .text("example")
        .u8(3)
        .text("net")
        .u8(0);
    const std::uint16_t target = 12 + 17 + 4 + 12;  // CNAME RDATA offset
    p.pointer(target).u16(1).u16(1).u32(60).u16(4).raw({10, 0, 0, 1});
    p.pointer(target).u16(1).u16(1).u32(120).u16(4).raw({10, 0, 0, 2});
    p.opt(4096, 0, true);
    return p;
}

ReplyView walk_ok(const Packet& p, RecordVisitor* visitor = nullptr) {
    ReplyView reply;
    auto r = walk_message(p.bytes(), reply, visitor);
    REQUIRE_MESSAGE(r.has_value(), r.error().message());
    return reply;
}

WireError walk_error(const Packet& p) {
    ReplyView reply;
    auto r = walk_message(p.bytes(), reply);
    REQUIRE_FALSE(r.has_value());
    return static_cast<WireError>(r.error().value());
}

TEST_CASE("a CNAME chain reply yields its targets, addresses, minimum TTL and OPT position") {
    Recorder recorder;
    const Packet p = cname_reply();
    const ReplyView reply = walk_ok(p, &recorder);
    CHECK(reply.id == 0x4321);
    CHECK(reply.rcode == 0);
    CHECK(reply.has_answer_ttl);
    CHECK(reply.min_answer_ttl == 60);
    CHECK(reply.edns.present);
    CHECK(reply.edns.dnssec_ok);
    CHECK(reply.opt_offset == p.size() - 11);
    REQUIRE(recorder.seen.size() == 3);
    CHECK(recorder.seen[0] == "www.example.com CNAME cdn.example.net");
    CHECK(recorder.seen[1] == "cdn.example.net addr/4 10");
    CHECK(recorder.seen[2] == "cdn.example.net addr/4 10");
}

TEST_CASE("the reply question matches the query case-insensitively, by type and class") {
    Packet query;
    query.header(1, 0x0100, 1, 0, 0, 0).question("WWW.example.COM", 1);
    QueryView q;
    decode_query(query.bytes(), q);
    const ReplyView reply = walk_ok(cname_reply());
    CHECK(reply.answers(q));
    Packet other;
    other.header(1, 0x0100, 1, 0, 0, 0).question("www.example.org", 1);
    decode_query(other.bytes(), q);
    CHECK_FALSE(reply.answers(q));
    Packet aaaa;
    aaaa.header(1, 0x0100, 1, 0, 0, 0).question("www.example.com", 28);
    decode_query(aaaa.bytes(), q);
    CHECK_FALSE(reply.answers(q));
}

TEST_CASE("TTL offsets point at every TTL: rewriting them in place re-parses with new TTLs") {
    Packet p = cname_reply();
    const ReplyView reply = walk_ok(p);
    REQUIRE(reply.ttl_count == 3);  // OPT has no TTL
    for (std::size_t i = 0; i < reply.ttl_count; ++i)
        store_u32(p.bytes().data() + reply.ttl_offsets[i], 7 + static_cast<std::uint32_t>(i));
    const ReplyView again = walk_ok(p);
    CHECK(again.min_answer_ttl == 7);
    using PktPtr = std::unique_ptr<ldns_pkt, decltype(&ldns_pkt_free)>;
    ldns_pkt* raw = nullptr;
    REQUIRE(ldns_wire2pkt(&raw, p.bytes().data(), p.size()) == LDNS_STATUS_OK);
    PktPtr pkt(raw, ldns_pkt_free);
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(ldns_rr_ttl(ldns_rr_list_rr(ldns_pkt_answer(pkt.get()), i)) == 7 + i);
}

TEST_CASE("a negative reply gives min(SOA TTL, SOA MINIMUM) for caching") {
    Packet p;
    p.header(2, 0x8183, 1, 0, 1, 0).question("nx.example", 1);
    p.name("example").u16(6).u16(1).u32(900).u16(0);
    const std::size_t rdlength_at = p.size() - 2;
    const std::size_t start = p.size();
    p.pointer(12 + 3)
        .u8(10)
        .text("hostmaster")
        .pointer(12 + 3)
        .u32(1)
        .u32(2)
        .u32(3)
        .u32(4)
        .u32(300);
    store_u16(p.bytes().data() + rdlength_at, static_cast<std::uint16_t>(p.size() - start));
    const ReplyView reply = walk_ok(p);
    CHECK(reply.rcode == 3);
    CHECK(reply.has_soa);
    CHECK(reply.soa_ttl == 900);
    CHECK(reply.soa_minimum == 300);
    CHECK(reply.negative_ttl() == 300);
    CHECK_FALSE(reply.has_answer_ttl);
}

TEST_CASE("a reply built by ldns walks cleanly") {
    using PktPtr = std::unique_ptr<ldns_pkt, decltype(&ldns_pkt_free)>;
    PktPtr pkt(ldns_pkt_new(), ldns_pkt_free);
    ldns_pkt_set_id(pkt.get(), 99);
    ldns_pkt_set_qr(pkt.get(), true);
    ldns_rr* question = nullptr;
    REQUIRE(ldns_rr_new_question_frm_str(&question, "host.example.org. IN AAAA", nullptr,
                                         nullptr) == LDNS_STATUS_OK);
    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_QUESTION, question);
    ldns_rr* answer = nullptr;
    REQUIRE(ldns_rr_new_frm_str(&answer, "host.example.org. 42 IN AAAA 2001:db8::5", 0, nullptr,
                                nullptr) == LDNS_STATUS_OK);
    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_ANSWER, answer);
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    REQUIRE(ldns_pkt2wire(&wire, pkt.get(), &size) == LDNS_STATUS_OK);
    std::unique_ptr<std::uint8_t, decltype(&free)> owned(wire, free);
    Recorder recorder;
    ReplyView reply;
    REQUIRE(walk_message({wire, size}, reply, &recorder).has_value());
    CHECK(reply.qtype == 28);
    CHECK(reply.min_answer_ttl == 42);
    REQUIRE(recorder.seen.size() == 1);
    CHECK(recorder.seen[0] == "host.example.org addr/16 32");
}

TEST_CASE("hostile replies are rejected: loops, forward pointers, bad lengths, misplaced OPT") {
    Packet loop;
    loop.header(1, 0x8180, 1, 1, 0, 0).question("a.b", 1);
    const std::uint16_t at = static_cast<std::uint16_t>(loop.size());
    loop.u8(1).text("x").pointer(at).u16(1).u16(1).u32(1).u16(4).u32(0);
    CHECK(walk_error(loop) == WireError::name_too_long);

    Packet forward;
    forward.header(1, 0x8180, 1, 1, 0, 0).question("a.b", 1);
    forward.pointer(static_cast<std::uint16_t>(forward.size() + 2))
        .u16(1)
        .u16(1)
        .u32(1)
        .u16(4)
        .u32(0);
    CHECK(walk_error(forward) == WireError::bad_pointer);

    Packet rdlength;
    rdlength.header(1, 0x8180, 1, 1, 0, 0)
        .question("a.b", 1)
        .pointer(12)
        .u16(1)
        .u16(1)
        .u32(1)
        .u16(5)
        .u32(0)
        .u8(0);
    CHECK(walk_error(rdlength) == WireError::bad_rdata);

    Packet past_end;
    past_end.header(1, 0x8180, 1, 1, 0, 0)
        .question("a.b", 1)
        .pointer(12)
        .u16(1)
        .u16(1)
        .u32(1)
        .u16(40)
        .u32(0);
    CHECK(walk_error(past_end) == WireError::truncated);

    Packet opt_in_answer;
    opt_in_answer.header(1, 0x8180, 1, 1, 0, 0).question("a.b", 1).opt(1232);
    CHECK(walk_error(opt_in_answer) == WireError::misplaced_opt);

    Packet two_opt;
    two_opt.header(1, 0x8180, 1, 0, 0, 2).question("a.b", 1).opt(1232).opt(1232);
    CHECK(walk_error(two_opt) == WireError::duplicate_opt);

    Packet cname_overrun;
    cname_overrun.header(1, 0x8180, 1, 1, 0, 0)
        .question("a.b", 1)
        .pointer(12)
        .u16(5)
        .u16(1)
        .u32(1)
        .u16(3)
        .name("c.d");
    CHECK(walk_error(cname_overrun) != WireError{});
}

TEST_CASE("QR unset, a short header, huge counts, wrong QDCOUNT and trailing bytes are rejected") {
    Packet query;
    query.header(1, 0x0100, 1, 0, 0, 0).question("a.b", 1);
    CHECK(walk_error(query) == WireError::not_a_response);
    Packet tiny;
    tiny.raw({0, 1, 0x81});
    CHECK(walk_error(tiny) == WireError::short_header);
    Packet huge;
    huge.header(1, 0x8180, 1, 0xFFFF, 0xFFFF, 0xFFFF).question("a.b", 1);
    CHECK(walk_error(huge) == WireError::truncated);
    Packet none;
    none.header(1, 0x8185, 0, 0, 0, 0);
    CHECK(walk_error(none) == WireError::bad_question_count);
    Packet trailing = cname_reply();
    trailing.u8(0);
    CHECK(walk_error(trailing) == WireError::trailing_garbage);
}

TEST_CASE("more RRs than the TTL table holds mark the reply as not cacheable") {
    Packet p;
    p.header(1, 0x8180, 1, 300, 0, 0).question("a.b", 1);
    for (int i = 0; i < 300; ++i) p.pointer(12).u16(1).u16(1).u32(5).u16(4).u32(0);
    const ReplyView reply = walk_ok(p);
    CHECK(reply.too_many_records);
    CHECK_FALSE(reply.cacheable_layout());
    CHECK(reply.ttl_count == kMaxTtlOffsets);
}

TEST_CASE("an extended rcode combines the header and OPT bits and TTLs over 2^31 count as 0") {
    Packet p;
    p.header(1, 0x8480, 1, 1, 0, 1)
        .question("a.b", 1)
        .pointer(12)
        .u16(1)
        .u16(1)
        .u32(0x80000001)
        .u16(4)
        .u32(0);
    p.u8(0).u16(41).u16(1232).u32(0x01000000).u16(0);
    const ReplyView reply = walk_ok(p);
    CHECK(reply.rcode == 16);
    CHECK(reply.aa());
    CHECK(reply.min_answer_ttl == 0);
}

}  // namespace
}  // namespace roja::wire
