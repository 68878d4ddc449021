#include "daemon/cache/answer_cache.hpp"

#include "answer_fixture.hpp"

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <random>
#include <string>
#include <vector>

using namespace roja::cache;
using namespace roja::cache::test;
using std::chrono::seconds;

namespace {

CacheLimits budget(std::size_t max_bytes) {
    CacheLimits limits;
    limits.max_bytes = max_bytes;
    limits.serve_stale = true;
    limits.max_stale = seconds(3600);
    limits.prefetch = false;
    return limits;
}

std::string name_of(std::size_t i) {
    return "n" + std::to_string(i) + ".example";
}

bool hits(AnswerCache& cache, const std::string& name, TimePoint now) {
    static std::array<std::uint8_t, 65535> out;
    return cache.lookup(key_for(name), now, 7, out).status == LookupStatus::fresh;
}

}  // namespace

TEST_CASE("100k random inserts of 1 to 4 KiB never take the cache over max_bytes") {
    constexpr std::size_t kBudget = 4u << 20;
    AnswerCache cache(budget(kBudget));
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> size(1024, 4096);
    std::uniform_int_distribution<std::size_t> name(0, 300000);
    std::vector<Answer> answers;
    for (std::size_t s = 1024; s <= 4096; s += 256) {
        answers.push_back(make_answer("x", {300}, 0, false, s));
    }
    std::size_t peak = 0;
    std::size_t stored = 0;
    for (std::size_t i = 0; i < 100000; ++i) {
        const Answer& a = answers[(size(rng) - 1024) / 256];
        const TimePoint now = t0() + seconds(i / 100);
        stored += store(cache, key_for(name_of(name(rng))), a, 300, now) == InsertOutcome::stored;
        peak = std::max(peak, cache.stats().bytes);
    }
    CHECK(stored == 100000);
    CHECK(peak <= kBudget);
    CHECK(cache.stats().evictions > 90000);
    CHECK(cache.stats().entries > kBudget / 4096 / 2);  // the budget is used, not wasted
}

TEST_CASE("a hot set that fits keeps a hit rate above 90 % while cold keys stream through") {
    AnswerCache cache(budget(1u << 20));  // ~700 entries of 1.2 KiB
    const Answer a = make_answer("x", {3600}, 0, false, 1200);
    constexpr std::size_t kHot = 200;
    std::size_t hot_hits = 0;
    std::size_t hot_lookups = 0;
    std::mt19937 rng(7);
    std::uniform_int_distribution<std::size_t> pick(0, kHot - 1);
    for (std::size_t i = 0; i < 50000; ++i) {
        const TimePoint now = t0() + seconds(i / 1000);
        const std::string hot = "hot" + std::to_string(pick(rng));
        ++hot_lookups;
        if (hits(cache, hot, now)) {
            ++hot_hits;
        } else {
            store(cache, key_for(hot), a, 3600, now);
        }
        // A cold name is seen once and never again.
        const std::string cold = name_of(i);
        if (!hits(cache, cold, now)) store(cache, key_for(cold), a, 3600, now);
    }
    const double rate = static_cast<double>(hot_hits) / static_cast<double>(hot_lookups);
    CHECK(rate > 0.9);
    CHECK(cache.stats().bytes <= (1u << 20));
}

TEST_CASE("entries past their stale window are dropped before live ones are evicted") {
    const Answer a = make_answer("x", {300}, 0, false, 2000);
    AnswerCache cache(budget(64 * 1024));
    // Long-lived entries first, so plain LRU would pick them as victims.
    for (std::size_t i = 0; i < 10; ++i) {
        REQUIRE(store(cache, key_for("live" + std::to_string(i)), a, 86400, t0()) ==
                InsertOutcome::stored);
    }
    for (std::size_t i = 0; i < 10; ++i) {
        REQUIRE(store(cache, key_for("brief" + std::to_string(i)), a, 10, t0()) ==
                InsertOutcome::stored);
    }
    const std::size_t before = cache.stats().entries;
    REQUIRE(before >= 20);
    const TimePoint later = t0() + seconds(10 + 3600);  // the brief ones are now dead
    for (std::size_t i = 0; i < 10; ++i) {
        REQUIRE(store(cache, key_for("new" + std::to_string(i)), a, 300, later) ==
                InsertOutcome::stored);
    }
    CHECK(cache.stats().evictions == 0);
    CHECK(cache.stats().expired == 10);
    for (std::size_t i = 0; i < 10; ++i) CHECK(hits(cache, "live" + std::to_string(i), later));
}

TEST_CASE("the index's own slots are counted in the budget") {
    AnswerCache cache(budget(1u << 20));
    const std::size_t empty = cache.stats().bytes;
    CHECK(empty > 0);
    const Answer a = make_answer("x", {300});
    for (std::size_t i = 0; i < 2000; ++i) store(cache, key_for(name_of(i)), a, 300, t0());
    std::size_t entry_bytes = 0;
    for (std::size_t i = 0; i < 2000; ++i) {
        entry_bytes += entry_charge(name_of(i).size(), a.ttl_offsets.size(), a.bytes.size());
    }
    CHECK(cache.stats().entries == 2000);
    CHECK(cache.stats().bytes > entry_bytes + empty);  // the slots grew and are counted
    CHECK(cache.stats().bytes <= (1u << 20));
}

TEST_CASE("after heavy eviction and replacement the most recent answers are all still found") {
    const Answer a = make_answer("x", {300}, 0, false, 1000);
    AnswerCache cache(budget(512 * 1024));  // room for ~450 entries
    std::mt19937 rng(3);
    std::uniform_int_distribution<std::size_t> pick(0, 5000);
    std::vector<std::string> recent;
    for (std::size_t i = 0; i < 20000; ++i) {
        std::string n = name_of(pick(rng));
        store(cache, key_for(n), a, 300, t0());
        std::erase(recent, n);
        recent.push_back(std::move(n));
        if (recent.size() > 200) recent.erase(recent.begin());
    }
    std::size_t found = 0;
    for (const std::string& n : recent) found += hits(cache, n, t0());
    CHECK(found == recent.size());
    CHECK_FALSE(hits(cache, "absent.example", t0()));
    CHECK(cache.stats().entries > 200);
}
