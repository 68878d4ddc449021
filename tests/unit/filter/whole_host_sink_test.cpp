// URL entries of the listed authorities also block their whole host; others stay URL entries.
#include "filter/whole_host_sink.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace roja::filter;

namespace {

struct Collect final : EntrySink {
    std::vector<std::pair<EntryType, std::string>> seen;
    void on_entry(const ListEntry& entry) override {
        seen.emplace_back(entry.type, std::string(entry.value));
    }
};

ListEntry url(std::string_view value, std::string_view authority = {}) {
    ListEntry entry;
    entry.type = EntryType::url;
    entry.value = value;
    entry.fields.authority = authority;
    return entry;
}

}  // namespace

TEST_CASE("a listed authority's URL entry is followed by an exact entry for its host") {
    Collect out;
    const std::vector<std::string> authorities{"AKEP"};
    WholeHostSink sink(out, authorities, "AKEP");
    sink.on_entry(url("news.example/bad/article?id=7"));
    sink.on_entry(url("shop.example:8443/x", "Court"));  // another authority: URL only
    sink.on_entry(url("[2001:db8::1]/x"));               // an IP literal names no host
    REQUIRE(out.seen.size() == 4);
    CHECK(out.seen[0] == std::pair{EntryType::url, std::string("news.example/bad/article?id=7")});
    CHECK(out.seen[1] == std::pair{EntryType::exact, std::string("news.example")});
    CHECK(out.seen[2].first == EntryType::url);
    CHECK(out.seen[3].first == EntryType::url);
    CHECK(sink.derived() == 1);
}

TEST_CASE("a derived host block respects the never-block names") {
    Collect out;
    const std::vector<std::string> authorities{"AKEP"};
    NeverBlock never_block;
    never_block.add("www.google.com");
    WholeHostSink sink(out, authorities, "AKEP", &never_block);
    sink.on_entry(url("www.google.com/some/page"));
    CHECK(out.seen.size() == 1);
    CHECK(sink.derived() == 0);
}

TEST_CASE("hosts of normalised URL entries") {
    CHECK(url_entry_host("news.example/a") == "news.example");
    CHECK(url_entry_host("news.example:8080/a") == "news.example");
    CHECK(url_entry_host("news.example?q=1") == "news.example");
    CHECK(url_entry_host("[::1]:80/a").empty());
}
