// Synthesised answers: exact bytes for the common cases, ldns as a second reader, truncation.
#include <doctest/doctest.h>

#include <array>
#include <memory>
#include <vector>

#include "daemon/wire/canned_answers.hpp"
#include "daemon/wire/reply_view.hpp"
#include "wire_packet.hpp"

// ldns last: its headers redefine bool, which breaks <optional> included after them.
#include <ldns/ldns.h>

namespace roja::wire {
namespace {

using test::Packet;
using test::simple_query;
using Bytes = std::vector<std::uint8_t>;

QueryView decode(const Packet& p) {
    QueryView q;
    decode_query(p.bytes(), q);
    return q;
}

Bytes to_bytes(Result<std::span<const std::uint8_t>> r) {
    REQUIRE(r.has_value());
    return {r->begin(), r->end()};
}

using PktPtr = std::unique_ptr<ldns_pkt, decltype(&ldns_pkt_free)>;
PktPtr ldns_read(const Bytes& wire) {
    ldns_pkt* pkt = nullptr;
    REQUIRE(ldns_wire2pkt(&pkt, wire.data(), wire.size()) == LDNS_STATUS_OK);
    return PktPtr(pkt, ldns_pkt_free);
}

constexpr Ipv4Address kV4{192, 0, 2, 7};
constexpr Ipv6Address kV6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

TEST_CASE("a redirect answer to an EDNS query is exactly header, echoed question, A and OPT") {
    const QueryView q = decode(simple_query("Www.ExAmple.com", type::kA, true));
    std::array<std::uint8_t, 512> out{};
    BlockedAnswer answer;
    answer.ttl = 300;
    answer.ipv4 = std::span(&kV4, 1);
    const Bytes wire = to_bytes(write_redirect(out, q.udp_answer_limit(), q, answer));
    Packet expected;
    expected.header(0x1234, 0x8180, 1, 1, 0, 1).name("Www.ExAmple.com").u16(1).u16(1);
    expected.pointer(12).u16(1).u16(1).u32(300).u16(4).raw({192, 0, 2, 7});
    expected.opt(1232);
    CHECK(wire == expected.bytes());
}

TEST_CASE("a redirect answer for AAAA carries the IPv6 address and ldns reads it back") {
    const QueryView q = decode(simple_query("ads.example", type::kAaaa));
    std::array<std::uint8_t, 512> out{};
    BlockedAnswer answer;
    answer.ttl = 60;
    answer.ipv4 = std::span(&kV4, 1);
    answer.ipv6 = std::span(&kV6, 1);
    const Bytes wire = to_bytes(write_redirect(out, q.udp_answer_limit(), q, answer));
    auto pkt = ldns_read(wire);
    CHECK(ldns_pkt_id(pkt.get()) == 0x1234);
    CHECK(ldns_pkt_qr(pkt.get()));
    CHECK(ldns_pkt_ra(pkt.get()));
    CHECK_FALSE(ldns_pkt_aa(pkt.get()));
    CHECK_FALSE(ldns_pkt_ad(pkt.get()));
    CHECK(ldns_pkt_ancount(pkt.get()) == 1);
    CHECK(ldns_pkt_arcount(pkt.get()) == 0);  // no EDNS in the query, no OPT in the answer
    ldns_rr* rr = ldns_rr_list_rr(ldns_pkt_answer(pkt.get()), 0);
    CHECK(ldns_rr_get_type(rr) == LDNS_RR_TYPE_AAAA);
    CHECK(ldns_rr_ttl(rr) == 60);
    CHECK(ldns_rdf_size(ldns_rr_rdf(rr, 0)) == 16);
}

TEST_CASE("a redirect for a type other than A or AAAA becomes NODATA with the synthetic SOA") {
    const QueryView q = decode(simple_query("ads.example", 16));
    std::array<std::uint8_t, 512> out{};
    BlockedAnswer answer;
    answer.ttl = 90;
    answer.ipv4 = std::span(&kV4, 1);
    const Bytes wire = to_bytes(write_redirect(out, 512, q, answer));
    ReplyView reply;
    REQUIRE(walk_message(wire, reply).has_value());
    CHECK(reply.rcode == 0);
    CHECK(reply.answer_count == 0);
    CHECK(reply.has_soa);
    CHECK(reply.negative_ttl() == 90);
}

TEST_CASE("NXDOMAIN carries an SOA owned by the query name with MINIMUM = the block TTL") {
    const QueryView q = decode(simple_query("Bad.Example", type::kA, true));
    std::array<std::uint8_t, 512> out{};
    BlockedAnswer answer;
    answer.ttl = 120;
    answer.extended_error = ExtendedError{ede::kBlocked, ""};
    const Bytes wire = to_bytes(write_nxdomain(out, 512, q, answer));
    auto pkt = ldns_read(wire);
    CHECK(ldns_pkt_get_rcode(pkt.get()) == LDNS_RCODE_NXDOMAIN);
    CHECK(ldns_pkt_nscount(pkt.get()) == 1);
    ldns_rr* soa = ldns_rr_list_rr(ldns_pkt_authority(pkt.get()), 0);
    CHECK(ldns_rr_get_type(soa) == LDNS_RR_TYPE_SOA);
    char* owner = ldns_rdf2str(ldns_rr_owner(soa));
    CHECK(std::string(owner) == "Bad.Example.");
    free(owner);
    char* mname = ldns_rdf2str(ldns_rr_rdf(soa, 0));
    CHECK(std::string(mname) == "roja.invalid.");
    free(mname);
    CHECK(ldns_rdf2native_int32(ldns_rr_rdf(soa, 6)) == 120);
    CHECK(ldns_rr_ttl(soa) == 120);
    // EDE 15 "Blocked" with empty text: option 15, length 2, code 15.
    const Bytes tail(wire.end() - 6, wire.end());
    CHECK(tail == Bytes{0, 15, 0, 2, 0, 15});
}

TEST_CASE("SERVFAIL carries EDE 22 or 23 with its text, byte for byte") {
    const QueryView q = decode(simple_query("a.b", type::kA, true, 1232, true));
    std::array<std::uint8_t, 512> out{};
    const Bytes wire = to_bytes(write_rcode_only(out, 512, q, Rcode::ServFail,
                                                 ExtendedError{ede::kNoReachableAuthority, "up"}));
    Packet expected;
    expected.header(0x1234, 0x8182, 1, 0, 0, 1).question("a.b", 1);
    expected.u8(0).u16(41).u16(1232).u32(0x8000).u16(8).raw({0, 15, 0, 4, 0, 22, 'u', 'p'});
    CHECK(wire == expected.bytes());
    const Bytes network = to_bytes(
        write_rcode_only(out, 512, q, Rcode::ServFail, ExtendedError{ede::kNetworkError, ""}));
    CHECK(Bytes(network.end() - 6, network.end()) == Bytes{0, 15, 0, 2, 0, 23});
}

TEST_CASE("REFUSED copies RD and CD and never sets AA or AD") {
    Packet p;
    p.header(77, 0x0130, 1, 0, 0, 0).question("a.b", 1);  // RD, AD, CD set in the query
    const QueryView q = decode(p);
    std::array<std::uint8_t, 512> out{};
    const Bytes wire = to_bytes(write_rcode_only(out, 512, q, Rcode::Refused));
    CHECK(wire[2] == 0x81);
    CHECK(wire[3] == 0x95);  // RA, CD, REFUSED; AD cleared
}

TEST_CASE("FORMERR keeps the original ID and echoes the question only when it was readable") {
    Packet two;
    two.header(0xABCD, 0x0100, 2, 0, 0, 0).question("a.b", 1).question("c.d", 1);
    std::array<std::uint8_t, 512> out{};
    const Bytes bare = to_bytes(write_status_answer(out, 512, decode(two)));
    CHECK(bare == Packet{}.header(0xABCD, 0x8181, 0, 0, 0, 0).bytes());
    Packet trailing = simple_query("a.b", type::kA);
    trailing.raw({0xde, 0xad});
    const Bytes echoed = to_bytes(write_status_answer(out, 512, decode(trailing)));
    Packet expected;
    expected.header(0x1234, 0x8181, 1, 0, 0, 0).question("a.b", 1);
    CHECK(echoed == expected.bytes());
}

TEST_CASE("NOTIMP echoes the opcode and BADVERS puts 16 into the OPT's extended rcode") {
    Packet status;
    status.header(5, 0x1000, 1, 0, 0, 0).question("a.b", 1);
    std::array<std::uint8_t, 512> out{};
    const Bytes notimp = to_bytes(write_status_answer(out, 512, decode(status)));
    CHECK(notimp[2] == 0x90);
    CHECK(notimp[3] == 0x04);  // NOTIMP, and no RA: it is defined for QUERY only
    Packet v1;
    v1.header(6, 0x0100, 1, 0, 0, 1).question("a.b", 1).opt(4096, 1, true);
    const Bytes badvers = to_bytes(write_status_answer(out, 512, decode(v1)));
    Packet expected;
    expected.header(6, 0x8180, 1, 0, 0, 1).question("a.b", 1);
    expected.u8(0).u16(41).u16(1232).u32(0x01008000).u16(0);  // ext rcode 1, version 0, DO
    CHECK(badvers == expected.bytes());
    auto pkt = ldns_read(badvers);
    CHECK(ldns_pkt_edns_extended_rcode(pkt.get()) == 1);
}

TEST_CASE("the answer to an opcode other than QUERY sets neither RA nor AD nor CD") {
    // NOTIFY (4), STATUS (2) and UPDATE (5), each with RD, AD and CD set in the query.
    for (const std::uint16_t opcode : {4, 2, 5}) {
        CAPTURE(opcode);
        Packet query;
        query.header(9, static_cast<std::uint16_t>(opcode << 11 | 0x0130), 1, 0, 0, 0)
            .question("a.b", 1);
        std::array<std::uint8_t, 512> out{};
        const Bytes notimp = to_bytes(write_status_answer(out, 512, decode(query)));
        const std::uint16_t flags = static_cast<std::uint16_t>(notimp[2] << 8 | notimp[3]);
        const int echoed = (flags & 0x7800) >> 11;
        CHECK(echoed == opcode);       // the opcode is echoed
        CHECK((flags & 0x0080) == 0);  // RA
        CHECK((flags & 0x0020) == 0);  // AD
        CHECK((flags & 0x0010) == 0);  // CD
        CHECK((flags & 0x000f) == 4);  // NOTIMP
    }
}

TEST_CASE("drop and ok need no status answer") {
    std::array<std::uint8_t, 512> out{};
    CHECK(to_bytes(write_status_answer(out, 512, decode(simple_query("a.b", 1)))).empty());
    CHECK(to_bytes(write_status_answer(out, 512, decode(Packet{}))).empty());
}

TEST_CASE("an answer over the limit is truncated to header, question and OPT with TC set") {
    const QueryView q = decode(simple_query("many.example", type::kA, true, 512));
    std::vector<Ipv4Address> addresses(40, kV4);  // 40 * 16 octets > 512
    std::array<std::uint8_t, 65535> out{};
    BlockedAnswer answer;
    answer.ttl = 10;
    answer.ipv4 = addresses;
    const Bytes udp = to_bytes(write_redirect(out, q.udp_answer_limit(), q, answer));
    Packet expected;
    expected.header(0x1234, 0x8380, 1, 0, 0, 1).question("many.example", 1).opt(1232);
    CHECK(udp == expected.bytes());
    const Bytes tcp = to_bytes(write_redirect(out, 65535, q, answer));
    ReplyView reply;
    REQUIRE(walk_message(tcp, reply).has_value());
    CHECK_FALSE(reply.tc());
    CHECK(reply.answer_count == 40);
}

TEST_CASE("an answer that fits exactly is not truncated and one octet less truncates it") {
    const QueryView q = decode(simple_query("a.b", type::kA, true));
    std::array<std::uint8_t, 1024> out{};
    BlockedAnswer answer;
    answer.ttl = 10;
    answer.ipv4 = std::span(&kV4, 1);
    const std::size_t full = to_bytes(write_redirect(out, 1024, q, answer)).size();
    ReplyView reply;
    REQUIRE(walk_message(to_bytes(write_redirect(out, full, q, answer)), reply).has_value());
    CHECK_FALSE(reply.tc());
    REQUIRE(walk_message(to_bytes(write_redirect(out, full - 1, q, answer)), reply).has_value());
    CHECK(reply.tc());
    CHECK(reply.answer_count == 0);
}

TEST_CASE("a CNAME answer spells its canonical target in wire form") {
    const QueryView q = decode(simple_query("ads.example", type::kA));
    std::array<std::uint8_t, 512> out{};
    AnswerWriter writer(out, 512);
    writer.start(q, Rcode::NoError);
    writer.add_cname(30, "block\\046page.roja.test");
    const Bytes wire = to_bytes(writer.finish());
    auto pkt = ldns_read(wire);
    ldns_rr* rr = ldns_rr_list_rr(ldns_pkt_answer(pkt.get()), 0);
    REQUIRE(rr != nullptr);
    CHECK(ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME);
    char* target = ldns_rdf2str(ldns_rr_rdf(rr, 0));
    CHECK(std::string(target) == "block\\.page.roja.test.");
    free(target);
}

TEST_CASE("records after the authority section or without a question are refused") {
    const QueryView q = decode(simple_query("a.b", type::kA));
    std::array<std::uint8_t, 512> out{};
    AnswerWriter writer(out, 512);
    writer.start(q, Rcode::NoError);
    writer.add_soa(1, 1);
    writer.add_a(1, kV4);
    CHECK_FALSE(writer.finish().has_value());
    Packet none;
    none.header(1, 0x0100, 0, 0, 0, 0);
    AnswerWriter bare(out, 512);
    bare.start(decode(none), Rcode::NoError);
    bare.add_a(1, kV4);
    CHECK_FALSE(bare.finish().has_value());
}

}  // namespace
}  // namespace roja::wire
