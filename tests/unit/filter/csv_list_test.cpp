#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "filter/iso_date.hpp"
#include "filter/list_ip.hpp"
#include "filter/list_parser.hpp"
#include "filter/list_url.hpp"
#include "tests/unit/filter/collecting_sink.hpp"

using namespace roja::filter;
using roja::filter::test::CollectingSink;
using Values = std::vector<std::string>;

namespace {

constexpr std::string_view kHeader =
    "id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,expires\n";

std::string url(std::string_view text) {
    UrlNormalizer normalizer;
    std::string out;
    const auto reason = normalizer.normalize(text, out);
    REQUIRE_MESSAGE(reason.empty(), text, ": ", reason);
    return out;
}

bool url_rejected(std::string_view text) {
    UrlNormalizer normalizer;
    std::string out;
    return !normalizer.normalize(text, out).empty();
}

std::string prefix(std::string_view text) {
    std::string out;
    const auto reason = normalize_ip_prefix(text, out);
    return reason.empty() ? out : "rejected: " + std::string(reason);
}

}  // namespace

TEST_CASE("a CSV record carries its type, canonical value and order metadata") {
    CollectingSink sink;
    const std::string text =
        std::string(kHeader) +
        "A-1,domain,Casino.Example.,AGCOM,\"Delibera 12/24\",2024-03-01,art. 1,gambling,"
        "2024-03-02T00:00:00Z,2025-03-01\n";
    const auto report = parse_csv_list(text, "order.csv", sink);
    REQUIRE(sink.entries.size() == 1);
    const auto& e = sink.entries[0];
    CHECK(e.type == EntryType::domain);
    CHECK(e.disposition == Disposition::block);
    CHECK(e.value == "casino.example");
    CHECK(e.line == 2);
    CHECK(e.id == "A-1");
    CHECK(e.authority == "AGCOM");
    CHECK(e.decision == "Delibera 12/24");
    CHECK(e.decision_date == "2024-03-01");
    CHECK(e.legal_basis == "art. 1");
    CHECK(e.category == "gambling");
    CHECK(e.effective_from == "2024-03-02T00:00:00Z");
    CHECK(e.expires == "2025-03-01");
    CHECK(report.errors().empty());
    CHECK(report.format() == ListFormat::csv);
}

TEST_CASE("CSV columns may come in any order, with a BOM, CRLF and unknown columns noted once") {
    CollectingSink sink;
    const auto report = parse_csv_list(
        "\xEF\xBB\xBF"
        "value,Note,TYPE,id,extra\r\n"
        "a.example,x,exact,1,y\r\n"
        "b.example,x,sni,2,y\r\n",
        "c", sink);
    CHECK(sink.values() == Values{"a.example", "b.example"});
    CHECK(sink.entries[0].type == EntryType::exact);
    CHECK(sink.entries[1].type == EntryType::sni);
    REQUIRE(report.notes().size() == 1);
    CHECK(report.notes()[0] == "ignored unknown columns: Note, extra");
    CHECK(report.errors().empty());
}

TEST_CASE(
    "quoted CSV fields keep commas, doubled quotes and line breaks, and later lines keep their "
    "numbers") {
    CollectingSink sink;
    const std::string text =
        std::string(kHeader) +
        "1,domain,a.example,,\"Order, part \"\"A\"\"\",,\"line one\nline two\nline three\",,,\n"
        "2,domain,bad..example,,,,,,,\n"
        "3,domain,c.example,,,,,,,\n";
    const auto report = parse_csv_list(text, "c", sink);
    REQUIRE(sink.entries.size() == 2);
    CHECK(sink.entries[0].decision == "Order, part \"A\"");
    CHECK(sink.entries[0].legal_basis == "line one\nline two\nline three");
    CHECK(sink.entries[0].line == 2);
    CHECK(sink.entries[1].line == 6);
    REQUIRE(report.errors().size() == 1);
    CHECK(report.errors()[0].line == 5);
    CHECK(report.lines() == 6);
}

TEST_CASE("an action column turns a CSV entry into an allow entry") {
    CollectingSink sink;
    const auto report = parse_csv_list(
        "id,type,value,action\n1,domain,a.example,allow\n2,domain,b.example,\n"
        "3,domain,c.example,block\n4,domain,d.example,maybe\n",
        "c", sink);
    REQUIRE(sink.entries.size() == 3);
    CHECK(sink.entries[0].disposition == Disposition::allow);
    CHECK(sink.entries[1].disposition == Disposition::block);
    CHECK(sink.entries[2].disposition == Disposition::block);
    CHECK(report.count_of(EntryType::domain, Disposition::allow) == 1);
    REQUIRE(report.errors().size() == 1);
    CHECK(report.errors()[0].line == 5);
}

TEST_CASE("a CSV without id, type or value columns is unusable as a whole") {
    CollectingSink sink;
    const auto report = parse_csv_list("type,value\ndomain,a.example\n", "c", sink);
    CHECK(sink.entries.empty());
    CHECK(report.failed());
    REQUIRE(report.errors().size() == 1);
    CHECK(report.errors()[0].line == 1);
    CHECK(report.errors()[0].reason.find("id") != std::string::npos);
    CHECK(parse_csv_list("", "c", sink).failed());
    CHECK(parse_csv_list("id,id,type,value\n", "c", sink).failed());
}

TEST_CASE("bad CSV records are reported with the line they start on") {
    CollectingSink sink;
    const auto report = parse_csv_list(
        "id,type,value,decision_date,expires\n"
        "1,domian,a.example,,\n"            // 2: bad type
        "2,domain,b.example,2024-02-30,\n"  // 3: no such date
        "3,domain,c.example,,tomorrow\n"    // 4: not a date
        "4,domain,d.example\n"              // 5: too few fields
        ",domain,e.example,,\n"             // 6: empty id
        "6,ip,192.0.2.1/24,,\n"             // 7: host bits
        "7,url,ftp://f.example/x,,\n"       // 8: scheme
        "8,domain,\"g.example\"x,,\n"       // 9: text after quote
        "9,domain,h.example,2024-02-29,2024-03-01T10:00+01:00\n",
        "c", sink);
    CHECK(sink.values() == Values{"h.example"});
    CHECK(report.invalid() == 8);
    REQUIRE(report.errors().size() == 8);
    for (std::size_t i = 0; i < 8; ++i) CHECK(report.errors()[i].line == i + 2);
    CHECK(report.errors()[0].reason.find("domian") != std::string::npos);
    CHECK(report.errors()[1].reason.find("decision_date") != std::string::npos);
}

TEST_CASE("an unclosed quote costs one line, not the rest of the file") {
    CollectingSink sink;
    const auto report =
        parse_csv_list("id,type,value\n1,domain,\"a.example\n2,domain,b.example\n", "c", sink);
    CHECK(sink.values() == Values{"b.example"});
    REQUIRE(report.errors().size() == 1);
    CHECK(report.errors()[0].line == 2);
}

TEST_CASE("url and ip CSV values are normalised") {
    CollectingSink sink;
    const auto report = parse_csv_list(
        "id,type,value\n1,url,HTTPS://Shop.Example:443/a/../b?x=1#top\n"
        "2,ip,2001:DB8::/32\n3,ip,192.0.2.7\n",
        "c", sink);
    CHECK(sink.values() == Values{"shop.example/b?x=1", "2001:db8::/32", "192.0.2.7/32"});
    CHECK(report.count_of(EntryType::url, Disposition::block) == 1);
    CHECK(report.count_of(EntryType::ip, Disposition::block) == 2);
}

TEST_CASE("URLs lose scheme, default port, dot segments and needless escapes") {
    CHECK(url("http://Example.COM/") == "example.com/");
    CHECK(url("example.com") == "example.com/");
    CHECK(url("example.com/path") == "example.com/path");
    CHECK(url("astrolabio.net/casino/") == "astrolabio.net/casino/");
    CHECK(url("http://example.com:80/a") == "example.com/a");
    CHECK(url("https://example.com:443/a") == "example.com/a");
    CHECK(url("http://example.com:443/a") == "example.com:443/a");
    CHECK(url("http://example.com:8080/a") == "example.com:8080/a");
    CHECK(url("http://example.com/a/./b/../c/") == "example.com/a/c/");
    CHECK(url("http://example.com/../../a") == "example.com/a");
    CHECK(url("http://example.com/a/..") == "example.com/");
    CHECK(url("http://example.com/%7euser/%2fx%2Fy") == "example.com/~user/%2Fx%2Fy");
    CHECK(url("http://example.com/caf\xC3\xA9") == "example.com/caf%C3%A9");
    CHECK(url("http://user:pw@example.com/x") == "example.com/x");
    CHECK(url("http://bücher.example/x") == "xn--bcher-kva.example/x");
    CHECK(url("http://[2001:DB8::1]:8080/x") == "[2001:db8::1]:8080/x");
    CHECK(url("example.com?q=%41") == "example.com/?q=A");
    CHECK(url("//example.com/x") == "example.com/x");
}

TEST_CASE("URLs with other schemes, bad hosts, ports or escapes are refused") {
    CHECK(url_rejected("ftp://example.com/x"));
    CHECK(url_rejected("javascript:alert(1)"));
    CHECK(url_rejected("http:///x"));
    CHECK(url_rejected("http://exa mple.com/"));
    CHECK(url_rejected("http://example.com:99999/"));
    CHECK(url_rejected("http://example.com:abc/"));
    CHECK(url_rejected("http://example.com/%zz"));
    CHECK(url_rejected("http://example.com/%4"));
    CHECK(url_rejected("http://a..b/"));
    CHECK(url_rejected("http://[::1/"));
    CHECK(url_rejected(""));
}

TEST_CASE("IP entries are prefixes in canonical text with host bits zero") {
    CHECK(prefix("192.0.2.0/24") == "192.0.2.0/24");
    CHECK(prefix("192.0.2.1") == "192.0.2.1/32");
    CHECK(prefix("2001:0DB8:0::1") == "2001:db8::1/128");
    CHECK(prefix("0.0.0.0/0") == "0.0.0.0/0");
    CHECK(prefix("2001:db8::/33") == "2001:db8::/33");
    CHECK(prefix("2001:db8:8000::/33") == "2001:db8:8000::/33");
    CHECK(prefix("2001:db8:8000::/32").starts_with("rejected: host bits"));
    CHECK(prefix("192.0.2.1/24").starts_with("rejected: host bits"));
    CHECK(prefix("192.0.2.0/33").starts_with("rejected"));
    CHECK(prefix("192.0.2.0/").starts_with("rejected"));
    CHECK(prefix("192.0.2.0/x").starts_with("rejected"));
    CHECK(prefix("192.0.2").starts_with("rejected"));
    CHECK(prefix("example.com").starts_with("rejected"));
}

TEST_CASE("ISO 8601 dates and date-times are checked for shape and for the calendar") {
    CHECK(check_iso_date("2024-02-29").empty());
    CHECK(check_iso_date("2024-03-01T10:00").empty());
    CHECK(check_iso_date("2024-03-01 10:00:59").empty());
    CHECK(check_iso_date("2024-03-01T10:00:00.123Z").empty());
    CHECK(check_iso_date("2024-03-01T10:00:00-05:30").empty());
    CHECK_FALSE(check_iso_date("2023-02-29").empty());
    CHECK_FALSE(check_iso_date("2024-13-01").empty());
    CHECK_FALSE(check_iso_date("2024-1-01").empty());
    CHECK_FALSE(check_iso_date("01/02/2024").empty());
    CHECK_FALSE(check_iso_date("2024-03-01T24:00").empty());
    CHECK_FALSE(check_iso_date("2024-03-01T10:00+5").empty());
    CHECK_FALSE(check_iso_date("2024-03-01X").empty());
    CHECK_FALSE(check_iso_date("2024-03-01T10:00", false).empty());
}
