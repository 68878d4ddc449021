// The hit store: batches become rows with the entry's own id and authority, counts add up over
// flushes, queries group by entry, decision and day, and old rows expire.
#include "daemon/stats/hit_store.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>

#include "daemon/stats/hit_flusher.hpp"
#include "filter/csv_header.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace fs = std::filesystem;
using namespace roja;
using std::chrono::system_clock;

namespace {

using Dir = roja::test::TempDir;

// A policy with one CSV list (entries with their own ids, authority and decision) and a plain one.
std::shared_ptr<const filter::Policy> make_policy() {
    filter::PolicyBuilder builder;
    filter::ListInfo csv_info{.id = "akep",
                              .authority = "AKEP",
                              .reason = filter::ReasonClass::censored,
                              .has_records = true};
    const auto csv = builder.add_list(csv_info);
    auto loader = builder.loader(csv);
    const std::string csv_text =
        "id,type,value,authority,decision\n"
        "AKEP-1,domain,casino.example,AKEP,D-100\n"
        "AKEP-2,domain,bet.example,AKEP,D-100\n";
    filter::parse_list(filter::ListFormat::csv, csv_text, "akep.csv", loader);
    const auto plain = builder.add_list(filter::ListInfo{.id = "own"});
    auto plain_loader = builder.loader(plain);
    filter::parse_list(filter::ListFormat::plain, "ads.example\n", "own.txt", plain_loader);
    return std::move(builder).build();
}

void block(stats::HitBuffer& buffer, const std::shared_ptr<const filter::Policy>& policy,
           std::string_view name, const char* client) {
    const filter::Verdict verdict = policy->decide(name, 1, filter::GroupIndex{0});
    REQUIRE(verdict.is_blocked());
    buffer.record(verdict, policy, boost::asio::ip::make_address(client));
}

system_clock::time_point at(std::int64_t unix_seconds) {
    return system_clock::time_point(std::chrono::seconds(unix_seconds));
}

}  // namespace

TEST_CASE("nothing is recorded before the store's first take") {
    const auto policy = make_policy();
    stats::HitBuffer buffer;
    block(buffer, policy, "casino.example", "192.0.2.1");
    CHECK(buffer.take(stats::SipKey{}).empty());
    block(buffer, policy, "casino.example", "192.0.2.1");
    CHECK(buffer.take(stats::SipKey{}).hits() == 1);
}

TEST_CASE(
    "a batch becomes one row per entry and group, with the entry's id, authority and decision") {
    const auto policy = make_policy();
    stats::HitBuffer buffer;
    buffer.take(stats::SipKey{});
    block(buffer, policy, "casino.example", "192.0.2.1");
    block(buffer, policy, "www.casino.example", "192.0.2.2");
    block(buffer, policy, "ads.example", "2001:db8::1");
    const auto rows = stats::hit_rows({buffer.take(stats::SipKey{})}, at(1'800'000'123));
    REQUIRE(rows.hits.size() == 2);
    const auto& casino = rows.hits[0].entry == "AKEP-1" ? rows.hits[0] : rows.hits[1];
    const auto& ads = rows.hits[0].entry == "AKEP-1" ? rows.hits[1] : rows.hits[0];
    CHECK(casino.entry == "AKEP-1");
    CHECK(casino.list == "akep");
    CHECK(casino.authority == "AKEP");
    CHECK(casino.decision == "D-100");
    CHECK(casino.reason == "censored");
    CHECK(casino.group == "default");
    CHECK(casino.count == 2);
    CHECK(casino.hour == 1'800'000'000 - 1'800'000'000 % 3600);
    CHECK(ads.entry == "own:1");
    CHECK(ads.count == 1);
    REQUIRE(rows.clients.size() == 2);
}

TEST_CASE("counts add up across flushes and workers; queries group by entry, decision and day") {
    Dir dir;
    auto store = stats::HitStore::open(dir.path() / "hits.sqlite");
    REQUIRE(store.has_value());
    const auto policy = make_policy();
    std::vector<stats::HitBuffer> workers(3);
    for (auto& worker : workers) worker.take(stats::SipKey{});
    for (int flush = 0; flush < 4; ++flush) {
        std::vector<stats::HitBatch> batches;
        for (std::size_t w = 0; w < workers.size(); ++w) {
            block(workers[w], policy, "casino.example", w == 0 ? "192.0.2.1" : "192.0.2.2");
            block(workers[w], policy, "bet.example", "192.0.2.3");
            batches.push_back(workers[w].take(stats::SipKey{}));
        }
        REQUIRE(
            (*store)->write(stats::hit_rows(batches, at(1'800'000'000 + flush * 5))).has_value());
    }
    stats::HitQuery by_entry;
    const auto entries = (*store)->query(by_entry);
    REQUIRE(entries.has_value());
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0].hits == 12);
    stats::HitQuery by_decision;
    by_decision.by = stats::HitGrouping::decision;
    const auto decisions = (*store)->query(by_decision);
    REQUIRE(decisions.has_value());
    REQUIRE(decisions->size() == 1);
    CHECK((*decisions)[0].decision == "D-100");
    CHECK((*decisions)[0].entries == 2);
    CHECK((*decisions)[0].hits == 24);
    stats::HitQuery by_day;
    by_day.by = stats::HitGrouping::day;
    const auto days = (*store)->query(by_day);
    REQUIRE(days.has_value());
    REQUIRE(days->size() == 2);
    for (const auto& day : *days) {
        REQUIRE(day.clients_estimate.has_value());
        CHECK(*day.clients_estimate ==
              doctest::Approx(day.entry == "AKEP-1" ? 2 : 1).epsilon(0.01));
    }
    by_entry.authority = "NOBODY";
    CHECK((*store)->query(by_entry)->empty());
    CHECK((*store)->integrity_check().value() == "ok");
}

TEST_CASE("rows older than the retention are deleted") {
    Dir dir;
    auto store = stats::HitStore::open(dir.path() / "hits.sqlite");
    REQUIRE(store.has_value());
    stats::HitRows rows;
    rows.hits.push_back(
        {1'700'000'000 - 1'700'000'000 % 3600, "e", "l", "a", "d", "blocked", "default", 3});
    rows.hits.push_back(
        {1'800'000'000 - 1'800'000'000 % 3600, "e", "l", "a", "d", "blocked", "default", 4});
    REQUIRE((*store)->write(rows).has_value());
    const auto deleted = (*store)->expire(at(1'800'000'000), std::chrono::days(400));
    REQUIRE(deleted.has_value());
    CHECK(*deleted == 1);
    const auto left = (*store)->query({});
    REQUIRE(left.has_value());
    REQUIRE(left->size() == 1);
    CHECK((*left)[0].hits == 4);
}
