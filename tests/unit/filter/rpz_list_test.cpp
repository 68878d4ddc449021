#include "filter/list_parser.hpp"
#include "filter/rpz_ldns.hpp"
#include "filter/rule_set.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace roja::filter;
using boost::asio::ip::address;
using boost::asio::ip::make_address;

namespace {

struct Entry {
    EntryType type;
    Disposition disposition;
    EntryAction action;
    std::string value;
    std::uint32_t line;
    std::vector<address> local_data;
    bool subdomains_only = false;
};

struct CollectingSink final : EntrySink {
    std::vector<Entry> entries;
    void on_entry(const ListEntry& e) override {
        entries.push_back({e.type, e.disposition, e.action, std::string(e.value), e.line,
                           std::vector<address>(e.local_data.begin(), e.local_data.end()),
                           e.subdomains_only});
    }
};

struct Parsed {
    ParseReport report;
    std::vector<Entry> entries;
};

Parsed parse(std::string_view zone) {
    CollectingSink sink;
    auto report = parse_rpz_list(zone, "test.rpz", sink);
    return {std::move(report), std::move(sink.entries)};
}

RuleSet rule_set_of(const std::vector<Entry>& entries) {
    RuleSetBuilder builder;
    for (const Entry& e : entries)
        builder.add(e.value,
                    e.type == EntryType::exact ? MatchScope::exact
                    : e.subdomains_only        ? MatchScope::below
                                               : MatchScope::subtree,
                    e.disposition, 0, e.line);
    return std::move(builder).build();
}

// The precedence the policy applies inside one list: the most specific hit (fewest labels
// removed) decides; at equal depth an exact entry beats a subtree entry, then allow beats block.
std::optional<Disposition> decide(const RuleSet& set, std::string_view name) {
    std::optional<RuleHit> best;
    set.for_each_match(name, [&](const RuleHit& hit) {
        const auto rank = [](const RuleHit& h) {
            return std::tuple(-h.depth, h.scope == MatchScope::exact,
                              h.disposition == Disposition::allow);
        };
        if (!best || rank(hit) > rank(*best)) best = hit;
        return true;
    });
    if (!best) return std::nullopt;
    return best->disposition;
}

const Entry* find_entry(const std::vector<Entry>& entries, std::string_view value, EntryType type) {
    for (const Entry& e : entries)
        if (e.value == value && e.type == type) return &e;
    return nullptr;
}

}  // namespace

TEST_CASE(
    "a name and its wildcard with CNAME . become one NXDOMAIN domain entry, without SOA or "
    "$ORIGIN") {
    const auto parsed = parse("ads.example.com CNAME .\n*.ads.example.com CNAME .\n");
    REQUIRE(parsed.entries.size() == 1);
    const Entry& e = parsed.entries[0];
    CHECK(e.type == EntryType::domain);
    CHECK(e.disposition == Disposition::block);
    CHECK(e.action == EntryAction::nxdomain);
    CHECK(e.value == "ads.example.com");
    CHECK(e.line == 1);
    CHECK(parsed.report.count_of(EntryType::domain, Disposition::block) == 1);
    CHECK(parsed.report.invalid() == 0);
    CHECK(parsed.report.lines() == 2);
}

TEST_CASE("the bench's local-data zone gives redirect domain entries carrying the address") {
    const auto parsed = parse(
        "$ORIGIN rpz.bench.\n$TTL 300\n@ IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 "
        "300\n"
        "@ IN NS localhost.\ntracker.net A 127.0.0.80\n*.tracker.net A 127.0.0.80\n"
        "ads.co.uk A 127.0.0.80\n*.ads.co.uk A 127.0.0.80\n");
    REQUIRE(parsed.entries.size() == 2);
    CHECK(parsed.entries[0].value == "tracker.net");
    CHECK(parsed.entries[0].type == EntryType::domain);
    CHECK(parsed.entries[0].action == EntryAction::redirect);
    CHECK(parsed.entries[0].line == 5);
    CHECK(parsed.entries[0].local_data == std::vector<address>{make_address("127.0.0.80")});
    CHECK(parsed.entries[1].value == "ads.co.uk");
    CHECK(parsed.entries[1].line == 7);
    CHECK(parsed.report.skipped() == 2);  // the apex SOA and NS
    CHECK(parsed.report.errors().empty());
}

TEST_CASE("each RPZ action maps to its entry action") {
    const auto parsed = parse(
        "$ORIGIN rpz.local.\n"
        "nx.example CNAME .\n"
        "nodata.example CNAME *.\n"
        "pass.example CNAME rpz-passthru.\n"
        "drop.example CNAME rpz-drop.\n"
        "tcp.example CNAME rpz-tcp-only.\n"
        "rewrite.example CNAME walled.garden.example.\n"
        "txt.example TXT \"local data\"\n");
    REQUIRE(parsed.entries.size() == 4);
    const auto action_of = [&](std::string_view name) {
        return find_entry(parsed.entries, name, EntryType::exact);
    };
    REQUIRE(action_of("nx.example"));
    CHECK(action_of("nx.example")->action == EntryAction::nxdomain);
    REQUIRE(action_of("nodata.example"));
    CHECK(action_of("nodata.example")->action == EntryAction::nodata);
    REQUIRE(action_of("pass.example"));
    CHECK(action_of("pass.example")->disposition == Disposition::allow);
    REQUIRE(action_of("drop.example"));
    CHECK(action_of("drop.example")->action == EntryAction::refuse);
    CHECK(parsed.report.unsupported() == 3);
    REQUIRE(parsed.report.errors().size() == 3);
    CHECK(parsed.report.errors()[0].line == 6);
    CHECK(parsed.report.errors()[0].reason == "rpz-tcp-only action not supported");
    CHECK(parsed.report.errors()[1].line == 7);
    CHECK(parsed.report.errors()[1].reason.find("walled.garden.example") != std::string::npos);
    CHECK(parsed.report.errors()[2].reason == "local data of type TXT not supported");
}

TEST_CASE("a lone wildcard blocks the subdomains but not the name itself") {
    const auto parsed = parse("$ORIGIN rpz.local.\n*.wild.example CNAME .\n");
    const RuleSet set = rule_set_of(parsed.entries);
    CHECK(decide(set, "a.wild.example") == Disposition::block);
    CHECK(decide(set, "x.y.wild.example") == Disposition::block);
    CHECK(decide(set, "wild.example") == std::nullopt);  // `*.name` says nothing about `name`
    CHECK(decide(set, "example") == std::nullopt);
    REQUIRE(parsed.entries.size() == 1);
    CHECK(parsed.entries[0].subdomains_only);
    CHECK(parsed.entries[0].disposition == Disposition::block);  // no synthetic allow entry
}

TEST_CASE("a lone name blocks only itself, a name with its wildcard blocks the subtree") {
    const auto parsed =
        parse("solo.example CNAME .\npair.example CNAME .\n*.pair.example CNAME .\n");
    const RuleSet set = rule_set_of(parsed.entries);
    CHECK(decide(set, "solo.example") == Disposition::block);
    CHECK(decide(set, "www.solo.example") == std::nullopt);
    CHECK(decide(set, "pair.example") == Disposition::block);
    CHECK(decide(set, "www.pair.example") == Disposition::block);
    CHECK(parsed.report.notes().empty());
}

TEST_CASE("a name and its wildcard with different actions keep both, the name exact") {
    const auto parsed = parse("a.example CNAME .\n*.a.example CNAME *.\n");
    REQUIRE(parsed.entries.size() == 2);
    const Entry* exact = find_entry(parsed.entries, "a.example", EntryType::exact);
    const Entry* subtree = find_entry(parsed.entries, "a.example", EntryType::domain);
    REQUIRE(exact);
    REQUIRE(subtree);
    CHECK(exact->action == EntryAction::nxdomain);
    CHECK(subtree->action == EntryAction::nodata);
    CHECK(subtree->line == 2);
}

TEST_CASE("a passthru wildcard with its name allows the whole subtree") {
    const auto parsed = parse("ok.example CNAME rpz-passthru.\n*.ok.example CNAME rpz-passthru.\n");
    REQUIRE(parsed.entries.size() == 1);
    CHECK(parsed.entries[0].type == EntryType::domain);
    CHECK(parsed.entries[0].disposition == Disposition::allow);
}

TEST_CASE("owner names lose the zone origin, relative or absolute") {
    const auto parsed = parse(
        "$ORIGIN rpz.local.\n"
        "@ SOA ns.rpz.local. admin.rpz.local. 1 2 3 4 5\n"
        "rel.example CNAME .\n"
        "bad.example.rpz.local. CNAME .\n"
        "outside.example. CNAME .\n");
    REQUIRE(parsed.entries.size() == 2);
    CHECK(parsed.entries[0].value == "rel.example");
    CHECK(parsed.entries[1].value == "bad.example");
    CHECK(parsed.report.invalid() == 1);
    REQUIRE(parsed.report.errors().size() == 1);
    CHECK(parsed.report.errors()[0].line == 5);
}

TEST_CASE("without $ORIGIN the SOA owner is the zone apex") {
    const auto parsed = parse(
        "rpz.local. 300 IN SOA ns.rpz.local. admin.rpz.local. 1 2 3 4 5\n"
        "rpz.local. NS ns.rpz.local.\n"
        "bad.example.rpz.local. CNAME .\n");
    REQUIRE(parsed.entries.size() == 1);
    CHECK(parsed.entries[0].value == "bad.example");
    CHECK(parsed.report.skipped() == 2);
}

TEST_CASE("$TTL and a multi-line SOA in parentheses keep line numbers right") {
    const auto parsed = parse(
        "; an RPZ zone\n"
        "$TTL 1h\n"
        "$ORIGIN rpz.local.\n"
        "@ IN SOA ns.rpz.local. admin.rpz.local. (\n"
        "        2024010101 ; serial\n"
        "        3600 600 86400 300 )\n"
        "\n"
        "  IN NS ns.rpz.local.\n"
        "good.example 60 IN CNAME .  ; a comment\n"
        "; a comment line\n"
        "\n"
        "broken.example A 300.1.2.3\n"
        "after.example CNAME .\n");
    REQUIRE(parsed.entries.size() == 2);
    CHECK(parsed.entries[0].value == "good.example");
    CHECK(parsed.entries[0].line == 9);
    CHECK(parsed.entries[1].value == "after.example");
    CHECK(parsed.entries[1].line == 13);
    CHECK(parsed.report.invalid() == 1);
    REQUIRE(parsed.report.errors().size() == 1);
    CHECK(parsed.report.errors()[0].line == 12);
    CHECK(parsed.report.errors()[0].reason ==
          ldns_get_errorstr_by_id(LDNS_STATUS_SYNTAX_RDATA_ERR));
    CHECK(parsed.report.lines() == 13);
}

TEST_CASE("bad lines are counted with their line number and parsing goes on") {
    const auto parsed = parse(
        "one.example CNAME .\n"
        "two.example BOGUSTYPE .\n"
        "three.example A\n"
        "four.example AAAA 2001:db8::zz\n"
        "five.example CNAME .\n");
    CHECK(parsed.entries.size() == 2);
    CHECK(parsed.report.invalid() == 3);
    REQUIRE(parsed.report.errors().size() == 3);
    CHECK(parsed.report.errors()[0].line == 2);
    CHECK(parsed.report.errors()[1].line == 3);
    CHECK(parsed.report.errors()[2].line == 4);
    for (const ParseError& error : parsed.report.errors()) {
        CHECK(error.file == "test.rpz");
        CHECK(!error.reason.empty());
    }
}

TEST_CASE(
    "triggers in rpz-ip, rpz-nsdname, rpz-nsip and rpz-client-ip are counted as unsupported") {
    const auto parsed = parse(
        "$ORIGIN rpz.local.\n"
        "32.1.2.0.192.rpz-ip CNAME .\n"
        "ns.evil.example.rpz-nsdname CNAME .\n"
        "32.5.2.0.192.rpz-nsip CNAME .\n"
        "32.9.2.0.192.rpz-client-ip CNAME .\n"
        "fine.example CNAME .\n");
    CHECK(parsed.entries.size() == 1);
    CHECK(parsed.report.unsupported() == 4);
    REQUIRE(parsed.report.errors().size() == 4);
    CHECK(parsed.report.errors()[0].reason == "rpz-ip trigger not supported; use a CSV ip entry");
    CHECK(parsed.report.errors()[0].line == 2);
    CHECK(parsed.report.errors()[1].reason.starts_with("rpz-nsdname"));
    CHECK(parsed.report.errors()[3].line == 5);
}

TEST_CASE("local data with several addresses gives one redirect entry holding them all") {
    const auto parsed = parse(
        "$ORIGIN rpz.local.\n"
        "multi.example A 192.0.2.1\n"
        "other.example A 192.0.2.9\n"
        "multi.example AAAA 2001:db8::1\n"
        "multi.example A 192.0.2.2\n"
        "multi.example A 192.0.2.1\n");
    REQUIRE(parsed.entries.size() == 2);
    const Entry* multi = find_entry(parsed.entries, "multi.example", EntryType::exact);
    REQUIRE(multi);
    CHECK(multi->action == EntryAction::redirect);
    CHECK(multi->line == 2);
    CHECK(multi->local_data == std::vector<address>{make_address("192.0.2.1"),
                                                    make_address("192.0.2.2"),
                                                    make_address("2001:db8::1")});
}

TEST_CASE("conflicting records for one trigger are counted invalid and the first one stays") {
    const auto parsed = parse("x.example CNAME .\nx.example A 192.0.2.1\nx.example CNAME .\n");
    REQUIRE(parsed.entries.size() == 1);
    CHECK(parsed.entries[0].action == EntryAction::nxdomain);
    CHECK(parsed.report.invalid() == 1);
    REQUIRE(parsed.report.errors().size() == 1);
    CHECK(parsed.report.errors()[0].line == 2);
    CHECK(parsed.report.errors()[0].reason.find("line 1") != std::string::npos);
}

TEST_CASE("$INCLUDE and records at the apex are counted, not followed") {
    const auto parsed =
        parse("$ORIGIN rpz.local.\n$INCLUDE /etc/passwd\n@ TXT \"hello\"\n*.rpz.local. CNAME .\n");
    CHECK(parsed.entries.empty());
    CHECK(parsed.report.unsupported() == 3);
}

TEST_CASE("trigger names come out canonical: lower case, escapes, BOM and CRLF handled") {
    const auto parsed = parse(
        "\xEF\xBB\xBF"
        "Mixed.EXAMPLE CNAME .\r\ndot\\.inside.example CNAME .\r\n");
    REQUIRE(parsed.entries.size() == 2);
    CHECK(parsed.entries[0].value == "mixed.example");
    CHECK(parsed.entries[1].value == "dot\\046inside.example");
    CHECK(parsed.entries[1].line == 2);
}

TEST_CASE("an empty zone or one of only comments gives no entries and no errors") {
    CHECK(parse("").entries.empty());
    const auto parsed = parse("; nothing\n\n   \n; at all");
    CHECK(parsed.entries.empty());
    CHECK(parsed.report.errors().empty());
    CHECK(parsed.report.lines() == 4);
}

TEST_CASE("a record type number beyond 65535 is an invalid line, not local data") {
    const auto parsed = parse("x.example TYPE2601553464 \\# 0\nz.example CNAME .\n");
    CHECK(parsed.entries.size() == 1);
    CHECK(parsed.report.invalid() == 1);
    REQUIRE(parsed.report.errors().size() == 1);
    CHECK(parsed.report.errors()[0].line == 1);
}
