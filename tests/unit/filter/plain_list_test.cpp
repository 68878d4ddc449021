#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filter/list_parser.hpp"
#include "tests/unit/filter/collecting_sink.hpp"

using namespace roja::filter;
using roja::filter::test::CollectingSink;
using Values = std::vector<std::string>;

TEST_CASE("a plain list yields one blocked domain per line, canonical") {
    CollectingSink sink;
    const auto report = parse_plain_list("Example.COM\nads.example.net.\n", "l.txt", sink);
    CHECK(sink.values() == Values{"example.com", "ads.example.net"});
    REQUIRE(sink.entries.size() == 2);
    CHECK(sink.entries[0].type == EntryType::domain);
    CHECK(sink.entries[0].disposition == Disposition::block);
    CHECK(sink.entries[1].line == 2);
    CHECK(report.count_of(EntryType::domain, Disposition::block) == 2);
    CHECK(report.entries() == 2);
    CHECK(report.lines() == 2);
    CHECK(report.errors().empty());
    CHECK(report.format() == ListFormat::plain);
    CHECK(report.file() == "l.txt");
}

TEST_CASE("comments, blank lines and trailing comments are not entries") {
    CollectingSink sink;
    const auto report =
        parse_plain_list("# header\n\n   \na.com # why\nb.com#tight\n\t# indented\n", "l", sink);
    CHECK(sink.values() == Values{"a.com", "b.com"});
    CHECK(sink.entries[0].line == 4);
    CHECK(report.invalid() == 0);
    CHECK(report.unsupported() == 0);
    CHECK(report.lines() == 6);
}

TEST_CASE("CRLF line ends and a UTF-8 BOM are tolerated") {
    CollectingSink sink;
    const auto report = parse_plain_list(
        "\xEF\xBB\xBF"
        "a.com\r\nb.com\r\n",
        "l", sink);
    CHECK(sink.values() == Values{"a.com", "b.com"});
    CHECK(report.errors().empty());
}

TEST_CASE("a *. prefix is another spelling of the same subdomain entry") {
    CollectingSink sink;
    parse_plain_list("*.example.com\nexample.org\n", "l", sink);
    REQUIRE(sink.entries.size() == 2);
    CHECK(sink.entries[0].value == "example.com");
    CHECK(sink.entries[0].type == sink.entries[1].type);
}

TEST_CASE("a UTF-8 name is stored as its A-label spelling") {
    CollectingSink sink;
    parse_plain_list("bücher.de\n", "l", sink);
    CHECK(sink.values() == Values{"xn--bcher-kva.de"});
}

TEST_CASE("a label over 63 octets is reported with its exact line and the load goes on") {
    CollectingSink sink;
    const std::string long_label(64, 'a');
    const std::string text = "ok.com\n# c\n\n" + long_label + ".com\nfine.org\n";
    const auto report = parse_plain_list(text, "list.txt", sink);
    CHECK(sink.values() == Values{"ok.com", "fine.org"});
    CHECK(report.invalid() == 1);
    REQUIRE(report.errors().size() == 1);
    CHECK(report.errors()[0].line == 4);
    CHECK(report.errors()[0].file == "list.txt");
    CHECK(report.errors()[0].reason.find("63") != std::string::npos);
}

TEST_CASE("empty labels, two names on a line and the bare root are invalid") {
    CollectingSink sink;
    const auto report =
        parse_plain_list("a..com\n.lead.com\ntwo.com three.com\n.\n*.\n", "l", sink);
    CHECK(sink.entries.empty());
    CHECK(report.invalid() == 5);
    REQUIRE(report.errors().size() == 5);
    CHECK(report.errors()[2].line == 3);
}

TEST_CASE("addresses, paths and inner wildcards are unsupported rather than misread as names") {
    CollectingSink sink;
    const auto report =
        parse_plain_list("192.0.2.1\n2001:db8::1\nexample.com/path\na.*.com\n", "l", sink);
    CHECK(sink.entries.empty());
    CHECK(report.unsupported() == 4);
    CHECK(report.invalid() == 0);
}

TEST_CASE("a name with a port is invalid") {
    CollectingSink sink;
    const auto report = parse_plain_list("example.com:8080\n", "l", sink);
    CHECK(report.invalid() == 1);
}

TEST_CASE("an empty file and a file without a final newline both parse") {
    CollectingSink sink;
    CHECK(parse_plain_list("", "l", sink).entries() == 0);
    CHECK(parse_plain_list("last.com", "l", sink).entries() == 1);
    CHECK(sink.values() == Values{"last.com"});
}

TEST_CASE("only the first errors are kept, all are counted") {
    CollectingSink sink;
    std::string text;
    for (int i = 0; i < 150; ++i) text += "bad..name\n";
    const auto report = parse_plain_list(text, "l", sink);
    CHECK(report.invalid() == 150);
    CHECK(report.errors().size() == ParseReport::kMaxErrors);
}

TEST_CASE("a line with characters no host name has is invalid, but escapes may spell them") {
    CollectingSink sink;
    const auto report = parse_plain_list(
        "domain,a.com\n\"a.com\"\nx!.com\nu_nder.example\na\\044b.example\n", "l", sink);
    CHECK(sink.values() == Values{"u_nder.example", "a,b.example"});
    CHECK(report.invalid() == 3);
}
