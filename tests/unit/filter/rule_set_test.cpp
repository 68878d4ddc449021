#include "filter/rule_set.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace roja::filter;

namespace {

std::vector<RuleHit> hits_for(const RuleSet& set, std::string_view name) {
    std::vector<RuleHit> hits;
    set.for_each_match(name, [&](const RuleHit& hit) {
        hits.push_back(hit);
        return true;
    });
    return hits;
}

RuleSet make_set(
    std::initializer_list<std::tuple<std::string_view, MatchScope, Disposition, ListIndex>> rows) {
    RuleSetBuilder builder;
    RecordIndex record = 1;
    for (const auto& [name, scope, disposition, list] : rows)
        builder.add(name, scope, disposition, list, record++);
    return std::move(builder).build();
}

}  // namespace

TEST_CASE("a suffix rule blocks the name and its subdomains but not siblings") {
    const auto set = make_set({{"example.com", MatchScope::subtree, Disposition::block, 0}});
    CHECK(hits_for(set, "example.com").size() == 1);
    CHECK(hits_for(set, "www.example.com").size() == 1);
    CHECK(hits_for(set, "a.b.c.example.com").front().depth == 3);
    CHECK(hits_for(set, "badexample.com").empty());
    CHECK(hits_for(set, "example.co").empty());
    CHECK(hits_for(set, "com").empty());
    CHECK(hits_for(set, "example.com.evil").empty());
}

TEST_CASE("an exact rule matches the name alone") {
    const auto set = make_set({{"ads.example", MatchScope::exact, Disposition::block, 0}});
    CHECK(hits_for(set, "ads.example").size() == 1);
    CHECK(hits_for(set, "x.ads.example").empty());
}

TEST_CASE("hits come most specific first with their depth, list and record") {
    const auto set = make_set({{"example.com", MatchScope::subtree, Disposition::block, 0},
                               {"good.example.com", MatchScope::subtree, Disposition::allow, 1}});
    const auto hits = hits_for(set, "x.good.example.com");
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].depth == 1);
    CHECK(hits[0].disposition == Disposition::allow);
    CHECK(hits[0].list == 1);
    CHECK(hits[0].record == 2);
    CHECK(hits[1].depth == 2);
    CHECK(hits[1].disposition == Disposition::block);
}

TEST_CASE("the same name in several lists yields one hit per list and is stored once") {
    RuleSetBuilder builder;
    builder.add("shared.example", MatchScope::subtree, Disposition::block, 0, 1);
    builder.add("shared.example", MatchScope::subtree, Disposition::block, 1, 2);
    builder.add("shared.example", MatchScope::exact, Disposition::allow, 2, 3);
    builder.add("shared.example", MatchScope::subtree, Disposition::block, 0, 9);  // duplicate
    const RuleSet set = std::move(builder).build();
    CHECK(set.size() == 3);
    CHECK(set.duplicates_dropped() == 1);
    CHECK(hits_for(set, "shared.example").size() == 3);
    CHECK(hits_for(set, "a.shared.example").size() == 2);
}

TEST_CASE("a visitor that returns false stops the walk") {
    const auto set = make_set({{"b.c", MatchScope::subtree, Disposition::block, 0},
                               {"c", MatchScope::subtree, Disposition::block, 0}});
    int seen = 0;
    set.for_each_match("a.b.c", [&](const RuleHit&) {
        ++seen;
        return false;
    });
    CHECK(seen == 1);
}

TEST_CASE("an empty rule set and the root name match nothing") {
    const RuleSet empty;
    CHECK(hits_for(empty, "example.com").empty());
    const auto set = make_set({{"com", MatchScope::subtree, Disposition::block, 0}});
    CHECK(hits_for(set, "").empty());
    CHECK(hits_for(set, "anything.com").size() == 1);
}

TEST_CASE("escaped dots inside a label are not label boundaries") {
    const auto set = make_set({{"b.example", MatchScope::subtree, Disposition::block, 0}});
    CHECK(hits_for(set, "a\\046b.example").empty());
    CHECK(hits_for(set, "a.b.example").size() == 1);
}

TEST_CASE("many entries all stay findable and unknown names stay unmatched") {
    RuleSetBuilder builder;
    for (int i = 0; i < 50000; ++i)
        builder.add("host" + std::to_string(i) + ".example", MatchScope::subtree,
                    Disposition::block, 0, static_cast<RecordIndex>(i));
    const RuleSet set = std::move(builder).build();
    CHECK(set.size() == 50000);
    for (int i = 0; i < 50000; i += 997) {
        const auto hits = hits_for(set, "www.host" + std::to_string(i) + ".example");
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].record == static_cast<RecordIndex>(i));
    }
    CHECK(hits_for(set, "host50000.example").empty());
    CHECK(set.memory_bytes() < 50000 * 48);
}

TEST_CASE("the right-to-left hash of a suffix equals the hash of that name alone") {
    // The lookup relies on this: one pass over a query yields every parent's hash.
    const auto set = make_set({{"deep.example.org", MatchScope::subtree, Disposition::block, 0}});
    CHECK(hits_for(set, "a.b.c.d.e.f.deep.example.org").size() == 1);
    CHECK(hash_name("example.org") != hash_name("example.com"));
}

TEST_CASE("a below rule matches the names under it but not the name itself") {
    const auto set = make_set({{"wild.example", MatchScope::below, Disposition::block, 0}});
    CHECK(hits_for(set, "wild.example").empty());
    REQUIRE(hits_for(set, "a.wild.example").size() == 1);
    CHECK(hits_for(set, "a.wild.example").front().scope == MatchScope::below);
    CHECK(hits_for(set, "x.y.wild.example").size() == 1);
}
