#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filter/list_parser.hpp"
#include "tests/unit/filter/collecting_sink.hpp"

using namespace roja::filter;
using roja::filter::test::CollectingSink;
using Values = std::vector<std::string>;

TEST_CASE("hosts lines block their names whatever the address") {
    CollectingSink sink;
    const auto report = parse_hosts_list(
        "0.0.0.0 ads.example.com\n127.0.0.1 Tracker.Example.NET\n"
        "217.175.53.72 casino.example\n:: v6.example\n",
        "h", sink);
    CHECK(sink.values() ==
          Values{"ads.example.com", "tracker.example.net", "casino.example", "v6.example"});
    CHECK(sink.entries[0].type == EntryType::domain);
    CHECK(sink.entries[0].disposition == Disposition::block);
    CHECK(report.count_of(EntryType::domain, Disposition::block) == 4);
    CHECK(report.format() == ListFormat::hosts);
}

TEST_CASE("every alias on a hosts line is an entry of that line") {
    CollectingSink sink;
    parse_hosts_list("127.0.0.1\ta.example\t b.example   c.example # comment\n", "h", sink);
    CHECK(sink.values() == Values{"a.example", "b.example", "c.example"});
    for (const auto& e : sink.entries) CHECK(e.line == 1);
}

TEST_CASE("the localhost boilerplate is skipped and counted, not reported") {
    CollectingSink sink;
    const auto report = parse_hosts_list(
        "127.0.0.1 localhost\n127.0.0.1 localhost.localdomain\n"
        "255.255.255.255 broadcasthost\n::1 ip6-localhost ip6-loopback\n"
        "fe80::1%lo0 localhost\n0.0.0.0 0.0.0.0\n127.0.0.1 LOCAL\n::1 localhost6.localdomain6.\n"
        "0.0.0.0 real.example\n",
        "h", sink);
    CHECK(sink.values() == Values{"real.example"});
    CHECK(report.skipped() == 9);
    CHECK(report.errors().empty());
}

TEST_CASE("a UTF-8 BOM, CRLF, comments and blank lines are tolerated") {
    CollectingSink sink;
    const auto report = parse_hosts_list(
        "\xEF\xBB\xBF"
        "217.175.53.72 a.example\r\n# comment\r\n\r\n"
        "0.0.0.0 b.example\r\n",
        "h", sink);
    CHECK(sink.values() == Values{"a.example", "b.example"});
    CHECK(sink.entries[1].line == 4);
    CHECK(report.errors().empty());
}

TEST_CASE("a bad address makes the line invalid with its line number") {
    CollectingSink sink;
    const auto report = parse_hosts_list(
        "0.0.0.0 ok.example\n999.1.1.1 bad.example\nexample.com\n"
        "0.0.0.0\n1.2.3 short.example\n",
        "h.hosts", sink);
    CHECK(sink.values() == Values{"ok.example"});
    CHECK(report.invalid() == 4);
    REQUIRE(report.errors().size() == 4);
    CHECK(report.errors()[0].line == 2);
    CHECK(report.errors()[0].reason.find("999.1.1.1") != std::string::npos);
    CHECK(report.errors()[2].line == 4);
}

TEST_CASE("a bad name on a hosts line does not lose the good aliases") {
    CollectingSink sink;
    const std::string long_label(64, 'x');
    const auto report = parse_hosts_list(
        "0.0.0.0 good.example " + long_label + ".example other.example\n", "h", sink);
    CHECK(sink.values() == Values{"good.example", "other.example"});
    CHECK(report.invalid() == 1);
}

TEST_CASE("an IDN name in a hosts file becomes its A-label") {
    CollectingSink sink;
    parse_hosts_list("0.0.0.0 bücher.example\n", "h", sink);
    CHECK(sink.values() == Values{"xn--bcher-kva.example"});
}
