// Query decoding: each malformed case maps to the documented status (docs/wire.md).
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "daemon/wire/query_view.hpp"
#include "wire_packet.hpp"

// ldns last: its headers redefine bool, which breaks <optional> included after them.
#include <ldns/ldns.h>

namespace roja::wire {
namespace {

using test::Packet;
using test::simple_query;

QueryView decode(const Packet& p) {
    QueryView q;
    decode_query(p.bytes(), q);
    return q;
}

TEST_CASE("a plain query decodes with its id, flags, canonical name and raw 0x20 spelling") {
    const QueryView q = decode(simple_query("wWw.ExAmPle.COM", type::kAaaa));
    CHECK(q.status == QueryStatus::ok);
    CHECK(q.id == 0x1234);
    CHECK(q.rd());
    CHECK_FALSE(q.cd());
    CHECK(q.qname() == "www.example.com");
    REQUIRE(q.qname_wire().size() == 17);
    CHECK(std::string(q.qname_wire().begin() + 1, q.qname_wire().begin() + 4) == "wWw");
    CHECK(q.qtype == type::kAaaa);
    CHECK(q.qclass == kClassIn);
    CHECK_FALSE(q.edns.present);
    CHECK(q.udp_answer_limit() == 512);
}

TEST_CASE("a query built by ldns decodes to the same question") {
    using PktPtr = std::unique_ptr<ldns_pkt, decltype(&ldns_pkt_free)>;
    ldns_rdf* owner = ldns_dname_new_frm_str("Mixed.Case.Example.");
    PktPtr pkt(ldns_pkt_query_new(owner, LDNS_RR_TYPE_MX, LDNS_RR_CLASS_IN, LDNS_RD | LDNS_CD),
               ldns_pkt_free);
    ldns_pkt_set_id(pkt.get(), 4242);
    ldns_pkt_set_edns_udp_size(pkt.get(), 4096);
    ldns_pkt_set_edns_do(pkt.get(), true);
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    REQUIRE(ldns_pkt2wire(&wire, pkt.get(), &size) == LDNS_STATUS_OK);
    std::unique_ptr<std::uint8_t, decltype(&free)> owned(wire, free);
    QueryView q;
    decode_query({wire, size}, q);
    CHECK(q.status == QueryStatus::ok);
    CHECK(q.id == 4242);
    CHECK(q.cd());
    CHECK(q.qname() == "mixed.case.example");
    CHECK(q.qtype == 15);
    CHECK(q.edns.present);
    CHECK(q.edns.dnssec_ok);
    CHECK(q.edns.udp_size == 4096);
    CHECK(q.udp_answer_limit() == 1232);
    CHECK(q.udp_answer_limit(4096) == 4096);
}

TEST_CASE("EDNS payload sizes below 512 are raised to 512") {
    CHECK(decode(simple_query("a.b", type::kA, true, 100)).edns.udp_size == 512);
    CHECK(decode(simple_query("a.b", type::kA, true, 100)).udp_answer_limit() == 512);
    CHECK(decode(simple_query("a.b", type::kA, true, 0)).edns.udp_size == 512);
    CHECK(decode(simple_query("a.b", type::kA, true, 1400)).udp_answer_limit() == 1232);
    CHECK(decode(simple_query("a.b", type::kA, true, 700)).udp_answer_limit() == 700);
}

TEST_CASE("messages shorter than a header or with QR set are dropped") {
    Packet short_header;
    short_header.raw({0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0});
    CHECK(decode(short_header).status == QueryStatus::drop);
    CHECK(decode(Packet{}).status == QueryStatus::drop);
    Packet response;
    response.header(1, 0x8100, 1, 0, 0, 0).question("a.b", 1);
    CHECK(decode(response).status == QueryStatus::drop);
}

TEST_CASE("QDCOUNT 0 or 2 is FORMERR with the original ID and no question to echo") {
    Packet none;
    none.header(0xBEEF, 0x0100, 0, 0, 0, 0);
    QueryView q = decode(none);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.id == 0xBEEF);
    CHECK_FALSE(q.has_question);
    Packet two;
    two.header(0xBEEF, 0x0100, 2, 0, 0, 0).question("a.b", 1).question("c.d", 1);
    q = decode(two);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.reason == WireError::bad_question_count);
    CHECK_FALSE(q.has_question);
}

TEST_CASE("bad names in the question are FORMERR without a question") {
    Packet label64;
    label64.header(7, 0x0100, 1, 0, 0, 0).u8(64).text(std::string(64, 'x')).u8(0).u16(1).u16(1);
    Packet long_name;
    long_name.header(7, 0x0100, 1, 0, 0, 0);
    for (int i = 0; i < 5; ++i) long_name.u8(51).text(std::string(51, 'y'));
    long_name.u8(0).u16(1).u16(1);
    Packet compressed;
    compressed.header(7, 0x0100, 1, 0, 0, 0).u8(1).text("a").pointer(12).u16(1).u16(1);
    Packet truncated;
    truncated.header(7, 0x0100, 1, 0, 0, 0).name("a.b").u16(1);
    for (const Packet* p : {&label64, &long_name, &compressed, &truncated}) {
        const QueryView q = decode(*p);
        CHECK(q.status == QueryStatus::formerr);
        CHECK(q.id == 7);
        CHECK_FALSE(q.has_question);
    }
}

TEST_CASE("trailing garbage and answer or authority records are FORMERR with the question echoed") {
    Packet trailing = simple_query("a.b", type::kA);
    trailing.u8(0);
    QueryView q = decode(trailing);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.reason == WireError::trailing_garbage);
    CHECK(q.has_question);
    Packet answers;
    answers.header(9, 0x0100, 1, 1, 0, 0)
        .question("a.b", 1)
        .pointer(12)
        .u16(1)
        .u16(1)
        .u32(5)
        .u16(4)
        .u32(0);
    q = decode(answers);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.reason == WireError::records_in_query);
    CHECK(q.has_question);
}

TEST_CASE("two OPT records, an OPT in the answer section or at a non-root owner are FORMERR") {
    Packet two;
    two.header(3, 0x0100, 1, 0, 0, 2).question("a.b", 1).opt(1232).opt(1232);
    QueryView q = decode(two);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.reason == WireError::duplicate_opt);
    CHECK_FALSE(q.edns.present);
    Packet in_answer;
    in_answer.header(3, 0x0100, 1, 1, 0, 0).question("a.b", 1).opt(1232);
    CHECK(decode(in_answer).status == QueryStatus::formerr);
    Packet owner;
    owner.header(3, 0x0100, 1, 0, 0, 1)
        .question("a.b", 1)
        .pointer(12)
        .u16(41)
        .u16(1232)
        .u32(0)
        .u16(0);
    q = decode(owner);
    CHECK(q.status == QueryStatus::formerr);
    CHECK(q.reason == WireError::misplaced_opt);
}

TEST_CASE("an EDNS option running past the OPT record is FORMERR") {
    Packet p;
    p.header(3, 0x0100, 1, 0, 0, 1).question("a.b", 1).opt(1232, 0, false, {0, 10, 0, 8, 1, 2});
    CHECK(decode(p).status == QueryStatus::formerr);
}

TEST_CASE("huge counts are FORMERR, never a long loop or an overread") {
    Packet p;
    p.header(3, 0x0100, 1, 0, 0, 0xFFFF).question("a.b", 1).opt(1232);
    CHECK(decode(p).status == QueryStatus::formerr);
    Packet q;
    q.header(3, 0x0100, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF).question("a.b", 1);
    CHECK(decode(q).status == QueryStatus::formerr);
}

TEST_CASE("an opcode other than QUERY is NOTIMP, echoing the question only when clean") {
    Packet status;
    status.header(5, 0x1100, 1, 0, 0, 1).question("a.b", 1).opt(1232);  // opcode 2
    QueryView q = decode(status);
    CHECK(q.status == QueryStatus::notimp);
    CHECK(q.opcode() == 2);
    CHECK(q.has_question);
    CHECK(q.edns.present);
    Packet update;
    update.header(5, 0x2800, 1, 1, 0, 0).question("a.b", 6).name("").u16(1).u16(1).u32(0).u16(0);
    q = decode(update);
    CHECK(q.status == QueryStatus::notimp);
    CHECK_FALSE(q.has_question);
}

TEST_CASE("an EDNS version above 0 is BADVERS and unknown options and flags are ignored") {
    Packet v1;
    v1.header(6, 0x0100, 1, 0, 0, 1).question("a.b", 1).opt(1232, 1);
    CHECK(decode(v1).status == QueryStatus::badvers);
    Packet unknown;
    unknown.header(6, 0x0100, 1, 0, 0, 1).question("a.b", 1);
    unknown.u8(0).u16(41).u16(1232).u8(0).u8(0).u16(0x7FFF).u16(6).raw(
        {0xFD, 0xE9, 0, 2, 0xAB, 0xCD});
    const QueryView q = decode(unknown);
    CHECK(q.status == QueryStatus::ok);
    CHECK_FALSE(q.edns.dnssec_ok);
}

TEST_CASE("an EDE option in the query signals structured errors; ECS is noticed and ignored") {
    Packet ede;
    ede.header(6, 0x0100, 1, 0, 0, 1).question("a.b", 1).opt(1232, 0, true, {0, 15, 0, 0});
    QueryView q = decode(ede);
    CHECK(q.status == QueryStatus::ok);
    CHECK(q.edns.has_extended_error);
    CHECK(q.edns.dnssec_ok);
    Packet ecs;
    ecs.header(6, 0x0100, 1, 0, 0, 1)
        .question("a.b", 1)
        .opt(1232, 0, false, {0, 8, 0, 4, 0, 1, 0, 0});
    q = decode(ecs);
    CHECK(q.status == QueryStatus::ok);
    CHECK(q.edns.has_client_subnet);
    CHECK_FALSE(q.edns.has_extended_error);
}

TEST_CASE("a non-OPT additional record is validated and ignored") {
    Packet p;
    p.header(8, 0x0100, 1, 0, 0, 2)
        .question("a.b", 1)
        .pointer(12)
        .u16(16)
        .u16(1)
        .u32(0)
        .u16(2)
        .raw({1, 'x'})
        .opt(1232);
    const QueryView q = decode(p);
    CHECK(q.status == QueryStatus::ok);
    CHECK(q.edns.present);
}

}  // namespace
}  // namespace roja::wire
