// Server ordering by health, with the clock passed in: no sleeps.
#include "daemon/upstream/server_health.hpp"
#include "daemon/upstream/query_id_table.hpp"

#include <doctest/doctest.h>

#include <set>

namespace roja::upstream {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Order = ServerOrder;

TEST_CASE("unmeasured servers keep their configured order, then the fastest comes first") {
    HealthTable health(3, 500ms, 30s);
    const auto now = Clock::now();
    CHECK(health.try_order(now) == Order{0, 1, 2});
    health.record_success(0, 40ms);
    health.record_success(1, 5ms);
    health.record_success(2, 20ms);
    CHECK(health.try_order(now) == Order{1, 2, 0});
}

TEST_CASE("a failing server goes last, and is probed again once its back-off has passed") {
    HealthTable health(2, 500ms, 30s);
    const auto now = Clock::now();
    health.record_success(0, 1ms);
    health.record_success(1, 50ms);
    health.record_failure(0, now);
    CHECK(health.try_order(now) == Order{1, 0});
    CHECK(health.try_order(now + 499ms) == Order{1, 0});
    CHECK(health.try_order(now + 500ms) == Order{0, 1});
}

TEST_CASE("consecutive failures double the back-off up to the maximum, a success clears it") {
    HealthTable health(1, 500ms, 3s);
    const auto now = Clock::now();
    health.record_failure(0, now);
    CHECK(health.at(0).down_until == now + 500ms);
    health.record_failure(0, now);
    CHECK(health.at(0).down_until == now + 1000ms);
    health.record_failure(0, now);
    health.record_failure(0, now);
    health.record_failure(0, now);
    CHECK(health.at(0).down_until == now + 3s);
    health.record_success(0, 10ms);
    CHECK(health.at(0).consecutive_failures == 0);
    CHECK(health.try_order(now) == Order{0});
}

TEST_CASE("when every server is backed off, all are still tried, soonest back first") {
    HealthTable health(3, 500ms, 30s);
    const auto now = Clock::now();
    health.record_failure(0, now);
    health.record_failure(0, now);
    health.record_failure(1, now);
    health.record_failure(2, now - 100ms);
    CHECK(health.try_order(now) == Order{2, 1, 0});
}

TEST_CASE("the smoothed RTT moves an eighth of the way towards each new sample") {
    HealthTable health(1, 500ms, 30s);
    health.record_success(0, 80ms);
    health.record_success(0, 0ms);
    CHECK(*health.at(0).srtt == 70ms);
}

TEST_CASE("no (port, ID) pair is handed out twice while in flight") {
    QueryIdTable ids;
    std::set<std::uint16_t> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto id = ids.acquire(5353);
        REQUIRE(id.has_value());
        CHECK(seen.insert(*id).second);
    }
    CHECK(ids.in_flight() == 1000);
    for (const auto id : seen) {
        ids.release(5353, id);
    }
    CHECK(ids.in_flight() == 0);
    CHECK(ids.acquire(5354).has_value());  // the same ID on another port is another pair
}

TEST_CASE("a try waits srtt + 4 rttvar, within the floor and the ceiling") {
    HealthTable health(1, 500ms, 30s);
    CHECK(health.try_timeout(0, 50ms, 1500ms) == 1000ms);  // not measured: RFC 6298's 1 s
    CHECK(health.try_timeout(0, 50ms, 300ms) == 300ms);    // ... unless the ceiling is lower
    health.record_success(0, 100ms);                       // srtt 100, rttvar 50
    CHECK(health.try_timeout(0, 50ms, 1500ms) == 300ms);
    health.record_success(0, 100ms);  // rttvar 37.5
    CHECK(health.try_timeout(0, 50ms, 1500ms) == 250ms);
    CHECK(health.try_timeout(0, 50ms, 200ms) == 200ms);
    HealthTable fast(1, 500ms, 30s);
    fast.record_success(0, 1ms);
    CHECK(fast.try_timeout(0, 50ms, 1500ms) == 50ms);  // loopback: the floor
}

}  // namespace roja::upstream
