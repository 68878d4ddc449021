// rojactl probe's pure parts: which entries are probed, the seeded sample, and how a reply is
// read (blocked, not blocked, error).
#include <doctest/doctest.h>

#include <set>

#include <boost/asio/ip/address.hpp>

#include "daemon/ctl/dns_probe.hpp"
#include "daemon/ctl/probe_targets.hpp"
#include "daemon/wire/byte_io.hpp"

using namespace roja::ctl;

namespace {

PublishedPayload csv_payload(std::string text) {
    PublishedPayload payload;
    payload.list.id = "orders";
    payload.list.format = roja::filter::FeedListFormat::csv;
    payload.bytes = std::move(text);
    return payload;
}

std::vector<ProbeTarget> targets_named(std::size_t n) {
    std::vector<ProbeTarget> all;
    for (std::size_t i = 0; i < n; ++i)
        all.push_back({"n" + std::to_string(i) + ".test", "", "", "", ""});
    return all;
}

// The probe query turned into a reply: QR set, `rcode`, and `addresses` as A answers.
std::vector<std::uint8_t> reply_to(std::uint16_t id, std::uint16_t rcode,
                                   std::vector<std::array<std::uint8_t, 4>> addresses = {}) {
    std::vector<std::uint8_t> query = make_probe_query("casino.test", id);
    const std::size_t question_end = query.size() - 11;  // the OPT is the last 11 octets
    std::vector<std::uint8_t> reply(query.begin(), query.begin() + question_end);
    roja::wire::store_u16(reply.data() + 2, static_cast<std::uint16_t>(0x8180 | rcode));
    roja::wire::store_u16(reply.data() + 6, static_cast<std::uint16_t>(addresses.size()));
    roja::wire::store_u16(reply.data() + 10, 0);
    for (const auto& address : addresses) {
        const std::uint8_t record[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4};
        reply.insert(reply.end(), std::begin(record), std::end(record));
        reply.insert(reply.end(), address.begin(), address.end());
    }
    return reply;
}

}  // namespace

TEST_CASE("only name and URL entries in force today are probe targets, URLs apart") {
    const std::vector<PublishedPayload> payloads = {
        csv_payload("id,type,value,authority,decision,action,effective_from,expires\n"
                    "1,domain,casino.test,AKEP,D-1,,,\n"
                    "2,exact,www.bet.test,AKEP,D-2,,2026-01-01,\n"
                    "3,url,news.test/secret,AKEP,D-3,,,\n"
                    "4,ip,192.0.2.7,AKEP,D-4,,,\n"
                    "5,domain,later.test,AKEP,D-5,,2027-06-01,\n"
                    "6,domain,over.test,AKEP,D-6,,,2026-01-31\n"
                    "7,domain,fine.test,AKEP,D-7,allow,,\n")};
    const ProbeTargets targets = collect_probe_targets(payloads, "2026-12-07T10:00:00Z");
    REQUIRE(targets.names.size() == 2);
    CHECK(targets.names[0].name == "casino.test");
    CHECK(targets.names[0].entry_id == "1");
    CHECK(targets.names[0].decision == "D-1");
    CHECK(targets.names[1].name == "www.bet.test");
    REQUIRE(targets.urls.size() == 1);  // probed with --http
    CHECK(targets.urls[0].name == "news.test/secret");
    CHECK(targets.urls[0].decision == "D-3");
    CHECK(targets.not_names[static_cast<std::size_t>(roja::filter::EntryType::url)] == 0);
    CHECK(targets.not_names[static_cast<std::size_t>(roja::filter::EntryType::ip)] == 1);
    CHECK(targets.not_yet_effective == 1);
    CHECK(targets.expired == 1);
    CHECK(targets.allow == 1);
}

TEST_CASE("a seeded sample is the same every time, without repeats, and bounded") {
    const auto a = sample_targets(targets_named(100), 10, 42);
    const auto b = sample_targets(targets_named(100), 10, 42);
    const auto c = sample_targets(targets_named(100), 10, 43);
    REQUIRE(a.size() == 10);
    std::set<std::string> names;
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].name == b[i].name);
        names.insert(a[i].name);
    }
    CHECK(names.size() == 10);
    bool differs = false;
    for (std::size_t i = 0; i < a.size(); ++i) differs = differs || a[i].name != c[i].name;
    CHECK(differs);
    CHECK(sample_targets(targets_named(5), 0, 1).size() == 5);
    CHECK(sample_targets(targets_named(5), 50, 1).size() == 5);
}

TEST_CASE("a reply is blocked by the warning address, NXDOMAIN or NODATA, else not blocked") {
    const std::vector<boost::asio::ip::address> warning = {
        boost::asio::ip::make_address("192.0.2.80")};
    CHECK(classify_probe_reply(reply_to(7, 0, {{192, 0, 2, 80}}), 7, warning).verdict ==
          ProbeVerdict::blocked);
    CHECK(classify_probe_reply(reply_to(7, 3), 7, warning).how == "nxdomain");
    CHECK(classify_probe_reply(reply_to(7, 0), 7, warning).how == "nodata");
    const ProbeAnswer real = classify_probe_reply(reply_to(7, 0, {{198, 51, 100, 1}}), 7, warning);
    CHECK(real.verdict == ProbeVerdict::not_blocked);
    CHECK(real.how == "answer 198.51.100.1");
    CHECK(classify_probe_reply(reply_to(7, 2), 7, warning).how == "servfail");
    CHECK(classify_probe_reply(reply_to(7, 0), 8, warning).how == "wrong id");
    auto garbled = reply_to(7, 0, {{198, 51, 100, 1}});
    garbled.pop_back();
    CHECK(classify_probe_reply(garbled, 7, warning).how == "malformed");
    CHECK(classify_probe_reply(make_probe_query("casino.test", 7), 7, warning).how == "malformed");
}
