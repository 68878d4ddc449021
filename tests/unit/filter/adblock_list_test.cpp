#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filter/list_parser.hpp"
#include "tests/unit/filter/collecting_sink.hpp"

using namespace roja::filter;
using roja::filter::test::CollectingSink;
using Values = std::vector<std::string>;

TEST_CASE("||name^ blocks the name with its subdomains and @@||name^ allows it") {
    CollectingSink sink;
    const auto report = parse_adblock_list(
        "||ads.example.com^\n@@||good.Example.org^\n||bare.example\n"
        "||anchored.example^|\n",
        "a", sink);
    CHECK(sink.values() ==
          Values{"ads.example.com", "good.example.org", "bare.example", "anchored.example"});
    REQUIRE(sink.entries.size() == 4);
    CHECK(sink.entries[0].type == EntryType::domain);
    CHECK(sink.entries[0].disposition == Disposition::block);
    CHECK(sink.entries[1].disposition == Disposition::allow);
    CHECK(sink.entries[1].line == 2);
    CHECK(report.count_of(EntryType::domain, Disposition::allow) == 1);
    CHECK(report.count_of(EntryType::domain, Disposition::block) == 3);
}

TEST_CASE("comments and the [Adblock] header are skipped silently") {
    CollectingSink sink;
    const auto report = parse_adblock_list(
        "[Adblock Plus 2.0]\r\n! Title: x\r\n!\r\n\r\n# hosts comment\r\n"
        "||a.example^\r\n",
        "a", sink);
    CHECK(sink.values() == Values{"a.example"});
    CHECK(sink.entries[0].line == 6);
    CHECK(report.errors().empty());
}

TEST_CASE("rules a DNS filter cannot honour are unsupported, each with a reason") {
    CollectingSink sink;
    const auto report = parse_adblock_list(
        "example.com##.banner\n"
        "##.ad\n"
        "example.com#@#.ad\n"
        "||a.example/path/ad.js\n"
        "/ads[0-9]+\\.example/\n"
        "ads\n"
        "|http://x.example/|\n"
        "||b.example^$important\n"
        "||c.example^$third-party,script\n"
        "@@||d.example^$document\n"
        "||ads*.example^\n"
        "||e.example:8080^\n",
        "a", sink);
    CHECK(sink.entries.empty());
    CHECK(report.unsupported() == 12);
    CHECK(report.invalid() == 0);
    REQUIRE(report.errors().size() == 12);
    CHECK(report.errors()[0].reason.find("cosmetic") != std::string::npos);
    CHECK(report.errors()[3].reason.find("path") != std::string::npos);
    CHECK(report.errors()[4].reason.find("regular expression") != std::string::npos);
    CHECK(report.errors()[5].reason.find("substring") != std::string::npos);
    CHECK(report.errors()[7].line == 8);
    CHECK(report.errors()[7].reason.find("option") != std::string::npos);
}

TEST_CASE("the $all option keeps a rule whole-name, so it is honoured") {
    CollectingSink sink;
    parse_adblock_list("||all.example^$all\n", "a", sink);
    CHECK(sink.values() == Values{"all.example"});
}

TEST_CASE("a rule with a bad name is invalid with its line") {
    CollectingSink sink;
    const std::string long_label(64, 'q');
    const auto report =
        parse_adblock_list("||ok.example^\n||" + long_label + ".example^\n||a..b^\n", "a", sink);
    CHECK(sink.values() == Values{"ok.example"});
    CHECK(report.invalid() == 2);
    REQUIRE(report.errors().size() == 2);
    CHECK(report.errors()[0].line == 2);
}

TEST_CASE("an IDN rule becomes its A-label") {
    CollectingSink sink;
    parse_adblock_list("||bücher.example^\n", "a", sink);
    CHECK(sink.values() == Values{"xn--bcher-kva.example"});
}
