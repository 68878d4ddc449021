#include "daemon/cache/answer_cache.hpp"

#include "answer_fixture.hpp"

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <vector>

using namespace roja::cache;
using namespace roja::cache::test;
using std::chrono::seconds;

namespace {

struct Served {
    LookupResult result;
    std::vector<std::uint8_t> bytes;
};

Served fetch(AnswerCache& cache, const CacheKey& key, TimePoint now, std::uint16_t id = 0x1234) {
    std::array<std::uint8_t, 65535> out{};
    Served s{cache.lookup(key, now, id, out), {}};
    s.bytes.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(s.result.length));
    return s;
}

Served fetch_stale(AnswerCache& cache, const CacheKey& key, TimePoint now) {
    std::array<std::uint8_t, 65535> out{};
    Served s{cache.serve_stale(key, now, 0x4321, out), {}};
    s.bytes.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(s.result.length));
    return s;
}

std::vector<std::uint32_t> ttls_of(const Served& s, const Answer& a) {
    std::vector<std::uint32_t> ttls;
    for (std::uint16_t offset : a.ttl_offsets) ttls.push_back(get_u32(s.bytes, offset));
    return ttls;
}

CacheLimits plain_limits() {
    CacheLimits limits;
    limits.max_bytes = 1 << 20;
    limits.min_ttl = seconds(0);
    limits.max_ttl = seconds(86400);
    limits.max_negative_ttl = seconds(3600);
    limits.serve_stale = false;
    limits.prefetch = false;
    return limits;
}

}  // namespace

TEST_CASE("DO, CD, type, class and name variants are distinct keys that never cross-serve") {
    AnswerCache cache(plain_limits());
    const std::array<CacheKey, 6> keys{{
        {"example.com", 1, 1, false, false},
        {"example.com", 1, 1, true, false},
        {"example.com", 1, 1, false, true},
        {"example.com", 28, 1, false, false},
        {"example.com", 1, 3, false, false},
        {"Example.com", 1, 1, false, false},
    }};
    std::vector<Answer> answers;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        answers.push_back(make_answer("example.com", {static_cast<std::uint32_t>(100 + i)}));
        REQUIRE(store(cache, keys[i], answers.back(), 300, t0()) == InsertOutcome::stored);
    }
    CHECK(cache.stats().entries == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        Served s = fetch(cache, keys[i], t0());
        REQUIRE(s.result.status == LookupStatus::fresh);
        CHECK(ttls_of(s, answers[i]) == std::vector<std::uint32_t>{100u + std::uint32_t(i)});
    }
    CHECK(fetch(cache, {"example.org", 1, 1, false, false}, t0()).result.status ==
          LookupStatus::miss);
}

TEST_CASE("a fresh hit carries the query ID and every TTL counted down by the elapsed seconds") {
    AnswerCache cache(plain_limits());
    Answer a = make_answer("www.example.com", {300, 120, 600});
    REQUIRE(store(cache, key_for("www.example.com"), a, 120, t0()) == InsertOutcome::stored);

    Served s = fetch(cache, key_for("www.example.com"), t0() + seconds(50), 0xabcd);
    REQUIRE(s.result.status == LookupStatus::fresh);
    CHECK(s.result.length == a.bytes.size());
    CHECK(s.bytes[0] == 0xab);
    CHECK(s.bytes[1] == 0xcd);
    // No record outlives the entry (120 s), then each counts down.
    CHECK(ttls_of(s, a) == std::vector<std::uint32_t>{70, 70, 70});
    // Everything but the ID and the TTLs is the stored message.
    for (std::size_t i = 2; i < a.bytes.size(); ++i) {
        bool is_ttl = false;
        for (auto off : a.ttl_offsets) is_ttl = is_ttl || (i >= off && i < off + 4u);
        if (!is_ttl) CHECK(s.bytes[i] == a.bytes[i]);
    }
    CHECK(cache.stats().hits == 1);
}

TEST_CASE("a record TTL shorter than the entry's counts down to zero, never below") {
    AnswerCache cache(plain_limits());
    Answer a = make_answer("short.example", {10, 100});
    REQUIRE(store(cache, key_for("short.example"), a, 100, t0()) == InsertOutcome::stored);
    CHECK(ttls_of(fetch(cache, key_for("short.example"), t0() + seconds(4)), a) ==
          std::vector<std::uint32_t>{6, 96});
    CHECK(ttls_of(fetch(cache, key_for("short.example"), t0() + seconds(30)), a) ==
          std::vector<std::uint32_t>{0, 70});
}

TEST_CASE("min_ttl raises short TTLs of the entry and of each record") {
    CacheLimits limits = plain_limits();
    limits.min_ttl = seconds(60);
    AnswerCache cache(limits);
    Answer a = make_answer("low.example", {5, 20});
    REQUIRE(store(cache, key_for("low.example"), a, 5, t0()) == InsertOutcome::stored);
    CHECK(ttls_of(fetch(cache, key_for("low.example"), t0()), a) ==
          std::vector<std::uint32_t>{60, 60});
    CHECK(fetch(cache, key_for("low.example"), t0() + seconds(59)).result.status ==
          LookupStatus::fresh);
    CHECK(fetch(cache, key_for("low.example"), t0() + seconds(60)).result.status ==
          LookupStatus::miss);
}

TEST_CASE("positive TTLs are capped by max_ttl and negative ones by max_negative_ttl") {
    CacheLimits limits = plain_limits();
    limits.max_ttl = seconds(1000);
    limits.max_negative_ttl = seconds(30);
    AnswerCache cache(limits);
    Answer pos = make_answer("long.example", {86400});
    Answer neg = make_answer("gone.example", {900}, 3);
    REQUIRE(store(cache, key_for("long.example"), pos, 86400, t0()) == InsertOutcome::stored);
    REQUIRE(store(cache, key_for("gone.example"), neg, 900, t0(), AnswerKind::negative) ==
            InsertOutcome::stored);
    CHECK(ttls_of(fetch(cache, key_for("long.example"), t0()), pos) ==
          std::vector<std::uint32_t>{1000});
    CHECK(ttls_of(fetch(cache, key_for("gone.example"), t0()), neg) ==
          std::vector<std::uint32_t>{30});
    CHECK(fetch(cache, key_for("long.example"), t0() + seconds(1000)).result.status ==
          LookupStatus::miss);
    CHECK(fetch(cache, key_for("gone.example"), t0() + seconds(30)).result.status ==
          LookupStatus::miss);
}

TEST_CASE("an answer whose TTL is zero after clamping is not stored") {
    AnswerCache cache(plain_limits());
    Answer a = make_answer("zero.example", {0});
    CHECK(store(cache, key_for("zero.example"), a, 0, t0()) == InsertOutcome::zero_ttl);
    CHECK(store(cache, key_for("zero.example"), a, 0x80000000u, t0()) == InsertOutcome::zero_ttl);
    CacheLimits no_negative = plain_limits();
    no_negative.max_negative_ttl = seconds(0);
    AnswerCache strict(no_negative);
    CHECK(store(strict, key_for("zero.example"), a, 300, t0(), AnswerKind::negative) ==
          InsertOutcome::zero_ttl);
    CHECK(cache.stats().entries == 0);
    CHECK(strict.stats().entries == 0);
}

TEST_CASE("truncated, SERVFAIL and malformed answers are never stored") {
    AnswerCache cache(plain_limits());
    const auto key = key_for("bad.example");
    CHECK(store(cache, key, make_answer("bad.example", {300}, 0, true), 300, t0()) ==
          InsertOutcome::not_cacheable);
    CHECK(store(cache, key, make_answer("bad.example", {300}, 2), 300, t0()) ==
          InsertOutcome::not_cacheable);
    CHECK(store(cache, key, make_answer("bad.example", {300}, 5), 300, t0()) ==
          InsertOutcome::not_cacheable);
    Answer query = make_answer("bad.example", {300});
    query.bytes[2] = 0;  // QR clear: a query, not a reply
    CHECK(store(cache, key, query, 300, t0()) == InsertOutcome::not_cacheable);
    Answer past_end = make_answer("bad.example", {300});
    past_end.ttl_offsets.push_back(static_cast<std::uint16_t>(past_end.bytes.size() - 3));
    CHECK(store(cache, key, past_end, 300, t0()) == InsertOutcome::malformed);
    const std::vector<std::uint8_t> short_message(11, 0x80);
    CHECK(cache.insert(key, short_message, {}, 300, AnswerKind::positive, t0()) ==
          InsertOutcome::malformed);
    const std::string long_name(kMaxCacheName + 1, 'a');
    CHECK(store(cache, key_for(long_name), make_answer("a", {300}), 300, t0()) ==
          InsertOutcome::malformed);
    CHECK(cache.stats().entries == 0);
}

TEST_CASE("a SERVFAIL for a cached name leaves the cached answer in place") {
    AnswerCache cache(plain_limits());
    REQUIRE(store(cache, key_for("keep.example"), make_answer("keep.example", {300}), 300, t0()) ==
            InsertOutcome::stored);
    CHECK(store(cache, key_for("keep.example"), make_answer("keep.example", {300}, 2), 300, t0()) ==
          InsertOutcome::not_cacheable);
    CHECK(fetch(cache, key_for("keep.example"), t0()).result.status == LookupStatus::fresh);
}

TEST_CASE("an expired answer is a miss without serve-stale, stale_available with it") {
    AnswerCache strict(plain_limits());
    CacheLimits stale_limits = plain_limits();
    stale_limits.serve_stale = true;
    stale_limits.max_stale = seconds(3600);
    AnswerCache lenient(stale_limits);
    Answer a = make_answer("old.example", {60});
    for (AnswerCache* cache : {&strict, &lenient}) {
        REQUIRE(store(*cache, key_for("old.example"), a, 60, t0()) == InsertOutcome::stored);
    }
    CHECK(fetch(strict, key_for("old.example"), t0() + seconds(60)).result.status ==
          LookupStatus::miss);
    CHECK(strict.stats().entries == 0);
    Served s = fetch(lenient, key_for("old.example"), t0() + seconds(60));
    CHECK(s.result.status == LookupStatus::stale_available);
    CHECK(s.result.length == 0);
    CHECK(fetch(lenient, key_for("old.example"), t0() + seconds(60 + 3600)).result.status ==
          LookupStatus::miss);
    CHECK(lenient.stats().entries == 0);
}

TEST_CASE("serve_stale writes the stale TTL of 30 s into every record until max_stale passes") {
    CacheLimits limits = plain_limits();
    limits.serve_stale = true;
    limits.max_stale = seconds(600);
    AnswerCache cache(limits);
    Answer a = make_answer("stale.example", {60, 300});
    REQUIRE(store(cache, key_for("stale.example"), a, 60, t0()) == InsertOutcome::stored);
    const TimePoint later = t0() + seconds(200);
    REQUIRE(fetch(cache, key_for("stale.example"), later).result.status ==
            LookupStatus::stale_available);
    Served s = fetch_stale(cache, key_for("stale.example"), later);
    REQUIRE(s.result.status == LookupStatus::stale);
    CHECK(s.bytes[0] == 0x43);
    CHECK(s.bytes[1] == 0x21);
    CHECK(ttls_of(s, a) == std::vector<std::uint32_t>{30, 30});
    CHECK(cache.stats().stale_served == 1);
    CHECK(fetch_stale(cache, key_for("stale.example"), t0() + seconds(660)).result.status ==
          LookupStatus::miss);
    CHECK(fetch_stale(cache, key_for("never.example"), later).result.status == LookupStatus::miss);
}

TEST_CASE("serve_stale on an entry refreshed meanwhile serves it as a fresh hit") {
    CacheLimits limits = plain_limits();
    limits.serve_stale = true;
    AnswerCache cache(limits);
    Answer a = make_answer("again.example", {60});
    REQUIRE(store(cache, key_for("again.example"), a, 60, t0()) == InsertOutcome::stored);
    Served s = fetch_stale(cache, key_for("again.example"), t0() + seconds(10));
    CHECK(s.result.status == LookupStatus::fresh);
    CHECK(ttls_of(s, a) == std::vector<std::uint32_t>{50});
}

TEST_CASE("prefetch is reported once for a popular entry in its last tenth, again after refresh") {
    CacheLimits limits = plain_limits();
    limits.prefetch = true;
    limits.prefetch_min_hits = 2;
    AnswerCache cache(limits);
    Answer a = make_answer("hot.example", {100});
    const auto key = key_for("hot.example");
    REQUIRE(store(cache, key, a, 100, t0()) == InsertOutcome::stored);
    CHECK_FALSE(fetch(cache, key, t0() + seconds(10)).result.prefetch_due);  // too early
    CHECK_FALSE(fetch(cache, key, t0() + seconds(50)).result.prefetch_due);
    CHECK(fetch(cache, key, t0() + seconds(91)).result.prefetch_due);
    CHECK_FALSE(fetch(cache, key, t0() + seconds(95)).result.prefetch_due);  // once only
    REQUIRE(store(cache, key, a, 100, t0() + seconds(96)) == InsertOutcome::stored);
    CHECK_FALSE(fetch(cache, key, t0() + seconds(187)).result.prefetch_due);  // 1 hit so far
    CHECK(fetch(cache, key, t0() + seconds(188)).result.prefetch_due);
}

TEST_CASE("an entry with too few hits is not prefetched even in its last tenth") {
    CacheLimits limits = plain_limits();
    limits.prefetch = true;
    limits.prefetch_min_hits = 3;
    AnswerCache cache(limits);
    REQUIRE(store(cache, key_for("cold.example"), make_answer("cold.example", {100}), 100, t0()) ==
            InsertOutcome::stored);
    CHECK_FALSE(fetch(cache, key_for("cold.example"), t0() + seconds(95)).result.prefetch_due);
    CHECK_FALSE(fetch(cache, key_for("cold.example"), t0() + seconds(96)).result.prefetch_due);
    CHECK(fetch(cache, key_for("cold.example"), t0() + seconds(97)).result.prefetch_due);
}

TEST_CASE("replacing an entry frees the bytes of the old one") {
    AnswerCache cache(plain_limits());
    const std::size_t empty_bytes = cache.stats().bytes;
    const auto key = key_for("swap.example");
    REQUIRE(store(cache, key, make_answer("swap.example", {300}, 0, false, 3000), 300, t0()) ==
            InsertOutcome::stored);
    const std::size_t big_bytes = cache.stats().bytes;
    Answer small = make_answer("swap.example", {77});
    REQUIRE(store(cache, key, small, 300, t0()) == InsertOutcome::stored);
    CHECK(cache.stats().entries == 1);
    CHECK(cache.stats().bytes < big_bytes - 2500);
    CHECK(ttls_of(fetch(cache, key, t0()), small) == std::vector<std::uint32_t>{77});
    cache.clear();
    CHECK(cache.stats().bytes == empty_bytes);
    CHECK(cache.stats().entries == 0);
}

TEST_CASE("an answer larger than an eighth of the budget is refused") {
    CacheLimits limits = plain_limits();
    limits.max_bytes = 64 * 1024;
    AnswerCache cache(limits);
    CHECK(store(cache, key_for("big.example"), make_answer("big.example", {300}, 0, false, 8192),
                300, t0()) == InsertOutcome::too_large);
    CHECK(store(cache, key_for("big.example"), make_answer("big.example", {300}, 0, false, 7000),
                300, t0()) == InsertOutcome::stored);
}

TEST_CASE("an output buffer smaller than the answer gets a miss, not a partial copy") {
    AnswerCache cache(plain_limits());
    Answer a = make_answer("fit.example", {300}, 0, false, 600);
    REQUIRE(store(cache, key_for("fit.example"), a, 300, t0()) == InsertOutcome::stored);
    std::vector<std::uint8_t> out(512);
    CHECK(cache.lookup(key_for("fit.example"), t0(), 1, out).status == LookupStatus::miss);
}

TEST_CASE("a hit reports the policy generation its entry was checked against, until confirmed") {
    AnswerCache cache(plain_limits());
    const Answer a = make_answer("kept.example", {300});
    REQUIRE(cache.insert(key_for("kept.example"), a.bytes, a.ttl_offsets, 300, AnswerKind::positive,
                         t0(), 7) == InsertOutcome::stored);
    CHECK(fetch(cache, key_for("kept.example"), t0()).result.policy_generation == 7);
    cache.confirm(key_for("kept.example"), 8);
    const Served s = fetch(cache, key_for("kept.example"), t0() + seconds(1));
    CHECK(s.result.status == LookupStatus::fresh);
    CHECK(s.result.policy_generation == 8);
    CHECK(ttls_of(s, a) == std::vector<std::uint32_t>{299});  // confirming keeps its age
}

TEST_CASE("an entry erased after a failed check is gone, for lookups and for serve-stale") {
    CacheLimits limits = plain_limits();
    limits.serve_stale = true;
    AnswerCache cache(limits);
    const Answer a = make_answer("gone.example", {300});
    REQUIRE(cache.insert(key_for("gone.example"), a.bytes, a.ttl_offsets, 300, AnswerKind::positive,
                         t0(), 1) == InsertOutcome::stored);
    cache.erase(key_for("gone.example"));
    CHECK(fetch(cache, key_for("gone.example"), t0()).result.status == LookupStatus::miss);
    CHECK(fetch_stale(cache, key_for("gone.example"), t0()).result.status == LookupStatus::miss);
    CHECK(cache.stats().entries == 0);
    CHECK(cache.stats().bytes == AnswerCache(limits).stats().bytes);
}
