// The real lists under ../shared/data: entry counts as their sources state them, and a sample of
// matches and non-matches through a RuleSet. Nothing here is ever resolved or fetched.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "filter/domain_name.hpp"
#include "filter/list_parser.hpp"
#include "filter/rule_set.hpp"

using namespace roja::filter;

namespace {

std::string read_shared(const std::string& relative) {
    std::ifstream in(std::string(ROJA_SHARED_DATA) + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open ", relative);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class RuleSetSink final : public EntrySink {
  public:
    void on_entry(const ListEntry& e) override {
        const auto scope = e.type == EntryType::domain ? MatchScope::subtree : MatchScope::exact;
        builder.add(e.value, scope, e.disposition, 0, e.line);
    }
    RuleSetBuilder builder;
};

struct LoadedList {
    ParseReport report;
    RuleSet rules;
};

LoadedList load(ListFormat format, const std::string& relative) {
    const std::string content = read_shared(relative);
    RuleSetSink sink;
    auto report = parse_list(format, content, relative, sink);
    return {std::move(report), std::move(sink.builder).build()};
}

// The source line of the most specific block entry matching `name`, 0 when none.
std::uint32_t blocking_line(const RuleSet& rules, std::string_view name) {
    std::string canonical;
    REQUIRE(canonicalize(name, canonical));
    std::uint32_t line = 0;
    rules.for_each_match(canonical, [&](const RuleHit& hit) {
        line = hit.record;
        return false;
    });
    return line;
}

}  // namespace

TEST_CASE("the blocklistproject phishing list loads all 190,215 domains") {
    const auto list = load(ListFormat::plain, "/category/blocklistproject-phishing-nl.txt");
    CHECK(list.report.count_of(EntryType::domain, Disposition::block) == 190'215);
    CHECK(list.report.errors().empty());
    CHECK(guess_list_format(read_shared("/category/blocklistproject-phishing-nl.txt")) ==
          ListFormat::plain);
    CHECK(blocking_line(list.rules, "0.01.2.13.3.sydneypropertyinvestors.com") == 14);
    CHECK(blocking_line(list.rules, "theevermore.com.au") != 0);
    CHECK(blocking_line(list.rules, "login.theevermore.com.au") ==
          blocking_line(list.rules, "theevermore.com.au"));
    CHECK(blocking_line(list.rules, "zonemach.com") != 0);
    CHECK(blocking_line(list.rules, "com.au") == 0);
    CHECK(blocking_line(list.rules, "example.org") == 0);
    CHECK(blocking_line(list.rules, "wikipedia.org") == 0);
}

TEST_CASE("the blocklistproject TikTok list loads all 3,725 domains") {
    const auto list = load(ListFormat::plain, "/category/blocklistproject-tiktok-nl.txt");
    CHECK(list.report.count_of(EntryType::domain, Disposition::block) == 3'725);
    CHECK(list.report.errors().empty());
    CHECK(blocking_line(list.rules, "0pbxmo-useast2a.xzcs3zlph.com") == 14);
    CHECK(blocking_line(list.rules, "p9-ppx.bytecdn.cn.bsgslb.com") != 0);
    CHECK(blocking_line(list.rules, "example.com") == 0);
}

// SOURCES.md counts 32,247 lines; 14 of them are IPv4 addresses (squidGuard lists block IP hosts
// too), which a name list cannot honour: they are reported as unsupported, not turned into names.
TEST_CASE("the UT1 gambling list loads its 32,233 domains and reports its 14 addresses") {
    const auto list = load(ListFormat::plain, "/category/ut1-gambling-domains.txt");
    CHECK(list.report.count_of(EntryType::domain, Disposition::block) == 32'233);
    CHECK(list.report.unsupported() == 14);
    CHECK(list.report.invalid() == 0);
    CHECK(list.report.lines() == 32'247);
    REQUIRE_FALSE(list.report.errors().empty());
    CHECK(list.report.errors()[0].line == 287);
    CHECK(blocking_line(list.rules, "0-casino.info") == 1);
    CHECK(blocking_line(list.rules, "www.liveroulette.com") != 0);
    CHECK(blocking_line(list.rules, "example.net") == 0);
}

// SOURCES.md says 9,684 (wc -l); the last line has no newline, so there are 9,685 distinct names.
TEST_CASE("the Italian regulator's hosts file loads all 9,685 names despite its BOM") {
    const std::string content = read_shared("/regulator/it-adm-gambling-blacklist-2023-09.hosts");
    CHECK(guess_list_format(content) == ListFormat::hosts);
    const auto list = load(ListFormat::hosts, "/regulator/it-adm-gambling-blacklist-2023-09.hosts");
    CHECK(list.report.count_of(EntryType::domain, Disposition::block) == 9'685);
    CHECK(list.report.lines() == 9'685);
    CHECK(list.report.errors().empty());
    CHECK(blocking_line(list.rules, "01.mycoolcasino.com") == 1);
    CHECK(blocking_line(list.rules, "zigzag777.com") == 9'685);
    CHECK(blocking_line(list.rules, "www.casinotropez.co.uk") != 0);
    CHECK(blocking_line(list.rules, "m.www.warriorwins.com") != 0);
    CHECK(blocking_line(list.rules, "co.uk") == 0);
    CHECK(blocking_line(list.rules, "example.it") == 0);
}

TEST_CASE("the UT1 URL lists parse as CSV url values once given a header") {
    const std::string urls = read_shared("/category/ut1-malware-urls.txt");
    std::string csv = "id,type,value\n";
    std::size_t id = 0;
    for (std::size_t pos = 0; pos < urls.size();) {
        auto end = urls.find('\n', pos);
        if (end == std::string::npos) end = urls.size();
        csv += std::to_string(++id) + ",url,\"" + urls.substr(pos, end - pos) + "\"\n";
        pos = end + 1;
    }
    struct CountingSink final : EntrySink {
        void on_entry(const ListEntry&) override { ++count; }
        std::size_t count = 0;
    } sink;
    const auto report = parse_csv_list(csv, "ut1-malware-urls.csv", sink);
    CHECK(sink.count + report.invalid() == 19'226);
    CHECK(sink.count > 19'000);
}
