#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "daemon/rpz/tsig.hpp"
#include "daemon/rpz/xfr_reader.hpp"
#include "daemon/rpz/xfr_response.hpp"
#include "daemon/rpz/zone_text.hpp"
#include "filter/list_parser.hpp"

namespace roja::rpz {

namespace {

// The apex "rpz.test" in wire form.
ZoneWireForm zone_form() {
    return {{3, 'r', 'p', 'z', 4, 't', 'e', 's', 't', 0}, 60, {}, {}};
}

SoaFields soa(std::uint32_t serial) {
    return {serial, 3600, 600, 86400, 60};
}

// One response message of SOAs (serial > 0) and CNAME triggers (owner relative to the apex).
struct Item {
    std::uint32_t serial = 0;
    std::string owner;
};

std::vector<std::uint8_t> message(const std::vector<Item>& items, std::uint16_t qtype = kTypeAxfr,
                                  std::uint16_t id = 7) {
    static const ZoneWireForm kForm = zone_form();
    auto out = std::make_unique<XfrMessage>(kForm);
    out->start(id, qtype);
    for (const Item& item : items) {
        if (item.serial != 0)
            out->add_soa(soa(item.serial));
        else
            out->add(RpzRecord{item.owner, RpzTarget::nxdomain, false});
    }
    const auto bytes = out->bytes();
    return {bytes.begin(), bytes.end()};
}

Result<bool> feed(XfrReader& reader, const std::vector<std::uint8_t>& bytes) {
    auto response = parse_xfr_response(bytes);
    REQUIRE(response.has_value());
    return reader.take(response->answers);
}

struct Counter final : filter::EntrySink {
    std::vector<std::string> names;
    void on_entry(const filter::ListEntry& entry) override { names.emplace_back(entry.value); }
};

}  // namespace

TEST_CASE("an answer message parses into zone-file records") {
    const auto bytes = message({{5, ""}, {0, "bad.example"}, {0, "*.bad.example"}, {5, ""}});
    const auto response = parse_xfr_response(bytes);
    REQUIRE(response.has_value());
    CHECK(response->id == 7);
    CHECK(response->is_response);
    CHECK(response->question.value_or("") == "rpz.test");
    REQUIRE(response->answers.size() == 4);
    CHECK(response->answers[0].soa->fields.serial == 5);
    CHECK(response->answers[0].rdata == "localhost. hostmaster.rpz.test. 5 3600 600 86400 60");
    CHECK(response->answers[1].owner == "bad.example.rpz.test");
    CHECK(type_text(response->answers[1].type) == "CNAME");
    CHECK(response->answers[1].rdata == ".");
    CHECK(response->answers[2].owner == "*.bad.example.rpz.test");
}

TEST_CASE("a message cut anywhere is a typed failure") {
    const auto bytes = message({{5, ""}, {0, "bad.example"}, {5, ""}});
    for (std::size_t size = 0; size < bytes.size(); ++size)
        CHECK_FALSE(parse_xfr_response(std::span(bytes.data(), size)).has_value());
}

TEST_CASE("a zone-file name escapes what a zone file would read as syntax") {
    CHECK(zone_file_name("a;b(c)\"d$e@f.test") == "a\\059b\\040c\\041\\034d\\036e\\064f.test.");
    CHECK(zone_file_name("") == ".");
}

TEST_CASE("an AXFR over two messages is the whole zone, and its text is an RPZ list") {
    XfrReader reader("rpz.test", std::nullopt, 100);
    auto first = feed(reader, message({{3, ""}, {0, "one.test"}, {0, "*.one.test"}}));
    REQUIRE(first.has_value());
    CHECK_FALSE(*first);
    auto last = feed(reader, message({{0, "two.test"}, {3, ""}}));
    REQUIRE(last.has_value());
    CHECK(*last);
    CHECK(reader.shape() == XfrShape::full);
    CHECK(reader.serial() == 3);
    CHECK(reader.full_zone().size() == 3);
    const std::string text = reader.full_zone().zone_text();
    Counter names;
    const auto report = filter::parse_list(filter::ListFormat::rpz, text, "copy", names);
    CHECK(report.invalid() == 0);
    CHECK(names.names.size() == 2);  // one.test with its wildcard, two.test
    auto back = ZoneCopy::from_zone_text("rpz.test", text);
    REQUIRE(back.has_value());
    CHECK(back->zone_text() == text);
    CHECK(back->soa()->fields.serial == 3);
}

TEST_CASE("an IXFR's differences apply to the copy, and one that does not fit is undone") {
    XfrReader axfr("rpz.test", std::nullopt, 100);
    REQUIRE(feed(axfr, message({{1, ""}, {0, "old.test"}, {0, "kept.test"}, {1, ""}})).has_value());
    ZoneCopy copy = std::move(axfr.full_zone());

    XfrReader ixfr("rpz.test", 1, 100);
    auto done = feed(ixfr, message({{3, ""},
                                    {1, ""},
                                    {0, "old.test"},
                                    {2, ""},
                                    {0, "new.test"},
                                    {2, ""},
                                    {3, ""},
                                    {0, "newer.test"},
                                    {3, ""}},
                                   kTypeIxfr));
    REQUIRE(done.has_value());
    CHECK(*done);
    REQUIRE(ixfr.shape() == XfrShape::incremental);
    CHECK(ixfr.changes().size() == 3);
    ZoneCopy::UndoLog undo;
    for (const ZoneChange& change : ixfr.changes()) {
        if (change.is_addition)
            copy.add(change.record, undo);
        else
            CHECK(copy.remove(change.record, undo));
    }
    CHECK(copy.size() == 3);  // kept, new, newer
    CHECK(copy.zone_text().find("old.test") == std::string::npos);
    copy.undo(undo);
    CHECK(copy.size() == 2);
    CHECK(copy.zone_text().find("old.test.rpz.test.") != std::string::npos);

    ResponseRecord missing = ixfr.changes()[0].record;
    missing.owner = "never.test.rpz.test";
    CHECK_FALSE(copy.remove(missing, undo));
}

TEST_CASE("IXFR answered with the SOA alone: current, or a full transfer is needed") {
    XfrReader current("rpz.test", 4, 100);
    REQUIRE(feed(current, message({{4, ""}}, kTypeIxfr)).has_value());
    CHECK(current.shape() == XfrShape::up_to_date);
    XfrReader behind("rpz.test", 2, 100);
    REQUIRE(feed(behind, message({{4, ""}}, kTypeIxfr)).has_value());
    CHECK(behind.shape() == XfrShape::needs_axfr);
}

TEST_CASE("a transfer of the wrong shape or size is refused") {
    const auto fails = [](std::uint64_t max_records, std::optional<std::uint32_t> current,
                          const std::vector<Item>& items) {
        XfrReader reader("rpz.test", current, max_records);
        auto response = parse_xfr_response(message(items));
        REQUIRE(response.has_value());
        auto taken = reader.take(response->answers);
        return taken ? XfrFailure{} : XfrFailure(taken.error().value());
    };
    CHECK((fails(100, std::nullopt, {{0, "first.test"}, {1, ""}}) == XfrFailure::garbled));
    CHECK((fails(100, 1, {}) == XfrFailure::garbled));  // no SOA at all
    CHECK((fails(100, std::nullopt, {{1, ""}, {0, "a.test"}, {2, ""}}) == XfrFailure::garbled));
    CHECK((fails(100, std::nullopt, {{1, ""}, {1, ""}, {0, "after.test"}}) == XfrFailure::garbled));
    CHECK((fails(2, std::nullopt, {{1, ""}, {0, "a.test"}, {0, "b.test"}, {0, "c.test"}}) ==
           XfrFailure::oversized));
    // A difference that does not start at our serial.
    CHECK((fails(100, 1, {{3, ""}, {1, ""}, {2, ""}, {4, ""}, {3, ""}}) == XfrFailure::garbled));
}

TEST_CASE("every message of a signed answer verifies, and a changed byte does not") {
    const TsigKey key{"xfr-key", "hmac-sha256", {1, 2, 3, 4, 5, 6, 7, 8}};
    static const ZoneWireForm kForm = zone_form();
    auto request = std::make_unique<XfrMessage>(kForm);
    request->start_query(7, kTypeAxfr);
    const auto request_mac = sign_request(*request, key, 7, 1000);
    const TsigKeyring ring({key});
    auto parsed_request = parse_xfr_request(request->bytes());
    REQUIRE(parsed_request.has_value());
    REQUIRE(parsed_request->tsig);
    const TsigCheck check = check_tsig(request->bytes(), *parsed_request->tsig, ring, 1000);
    REQUIRE(check.error == TsigError::none);
    CHECK((check.request_mac == request_mac));

    TsigSigner signer(check, *parsed_request->tsig);
    std::vector<std::vector<std::uint8_t>> answers;
    for (int i = 0; i < 3; ++i) {
        auto out = std::make_unique<XfrMessage>(kForm);
        out->start(7, kTypeAxfr);
        out->add(RpzRecord{"n" + std::to_string(i) + ".test", RpzTarget::nxdomain, false});
        signer.sign(*out, 1000);
        answers.emplace_back(out->bytes().begin(), out->bytes().end());
    }
    auto unsigned_message = message({{0, "plain.test"}});
    TsigVerifier verifier(key, request_mac);
    for (const auto& bytes : answers) {
        auto parsed = parse_xfr_response(bytes);
        REQUIRE(parsed.has_value());
        CHECK_FALSE(verifier.verify(bytes, parsed->tsig, 1000).has_value());
    }
    CHECK(verifier.ends_signed());

    TsigVerifier tampered(key, request_mac);
    auto changed = answers[0];
    changed[wire::kHeaderSize + 3] ^= 1;
    auto parsed = parse_xfr_response(changed);
    REQUIRE(parsed.has_value());
    CHECK((tampered.verify(changed, parsed->tsig, 1000) == TsigError::badsig));

    // An unsigned message may follow a signed one (RFC 8945 §5.3.1), but not start or end it.
    TsigVerifier unsigned_after(key, request_mac);
    auto first_signed = parse_xfr_response(answers[0]);
    REQUIRE(first_signed.has_value());
    CHECK_FALSE(unsigned_after.verify(answers[0], first_signed->tsig, 1000).has_value());
    CHECK_FALSE(unsigned_after.verify(unsigned_message, std::nullopt, 1000).has_value());
    CHECK_FALSE(unsigned_after.ends_signed());
    // ... and the next MAC must cover it: the signer here did not, so the chain breaks.
    auto second = parse_xfr_response(answers[1]);
    REQUIRE(second.has_value());
    CHECK((unsigned_after.verify(answers[1], second->tsig, 1000) == TsigError::badsig));

    TsigVerifier unsigned_first(key, request_mac);
    CHECK((unsigned_first.verify(unsigned_message, std::nullopt, 1000) == TsigError::badsig));

    TsigVerifier late(key, request_mac);
    auto first = parse_xfr_response(answers[0]);
    REQUIRE(first.has_value());
    CHECK((late.verify(answers[0], first->tsig, 1000 + 301) == TsigError::badtime));
}

}  // namespace roja::rpz
