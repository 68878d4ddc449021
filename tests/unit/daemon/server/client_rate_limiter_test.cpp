// The per-client token buckets: burst then qps, per prefix (a /24 shares one bucket), refill
// with time, and a full table evicting the stalest client instead of refusing anyone.
#include "daemon/server/client_rate_limiter.hpp"

#include "daemon/server/client_outstanding.hpp"

#include <doctest/doctest.h>

using roja::server::ClientRateLimiter;

namespace {

boost::asio::ip::address ip(const char* text) {
    return boost::asio::ip::make_address(text);
}

int admitted(ClientRateLimiter& limiter, const char* client, int tries, std::uint32_t now) {
    int passed = 0;
    for (int i = 0; i < tries; ++i) passed += limiter.admit(ip(client), now) ? 1 : 0;
    return passed;
}

}  // namespace

TEST_CASE("a client gets its burst at once, then qps as time passes") {
    ClientRateLimiter limiter({.qps = 10, .burst = 5, .slots = 64});
    CHECK(admitted(limiter, "192.0.2.1", 20, 1000) == 5);
    CHECK(admitted(limiter, "192.0.2.1", 20, 1100) == 1);  // 100 ms at 10 qps
    CHECK(admitted(limiter, "192.0.2.1", 20, 1600) == 5);  // refilled up to the burst, no more
    CHECK(admitted(limiter, "192.0.2.2", 20, 1600) == 5);  // another client, its own bucket
}

TEST_CASE("clients in one prefix share a bucket") {
    ClientRateLimiter limiter(
        {.qps = 1, .burst = 4, .ipv4_prefix = 24, .ipv6_prefix = 56, .slots = 64});
    CHECK(admitted(limiter, "192.0.2.1", 2, 5000) == 2);
    CHECK(admitted(limiter, "192.0.2.200", 5, 5000) == 2);
    CHECK(admitted(limiter, "192.0.3.1", 5, 5000) == 4);
    CHECK(admitted(limiter, "2001:db8:0:1::1", 3, 5000) == 3);
    CHECK(admitted(limiter, "2001:db8:0:1:ffff::9", 3, 5000) == 1);  // the same /56
    CHECK(admitted(limiter, "2001:db8:0:100::1", 3, 5000) == 3);     // another /56
}

TEST_CASE("an IPv4 client and the IPv6 address spelling its bytes are different clients") {
    ClientRateLimiter limiter({.qps = 1, .burst = 1, .slots = 64});
    CHECK(admitted(limiter, "192.0.2.1", 2, 0) == 1);
    CHECK(admitted(limiter, "::c000:201", 2, 0) == 1);
}

TEST_CASE("a full table evicts the stalest client, which starts again with a full bucket") {
    ClientRateLimiter limiter({.qps = 1, .burst = 2, .slots = 8});
    CHECK(limiter.slots() == 8);
    CHECK(admitted(limiter, "10.0.0.1", 5, 100) == 2);
    for (int i = 2; i < 40; ++i) {
        const std::string client = "10.0.1." + std::to_string(i);
        CHECK(admitted(limiter, client.c_str(), 1, 200) == 1);
    }
    CHECK(limiter.evictions() > 0);
    CHECK(admitted(limiter, "10.0.0.1", 5, 200) == 2);  // evicted: a new bucket
}

TEST_CASE("the upstream cap counts a prefix's queries in flight and forgets it at zero") {
    roja::server::ClientOutstanding outstanding(2);
    CHECK(outstanding.try_add(7));
    CHECK(outstanding.try_add(7));
    CHECK_FALSE(outstanding.try_add(7));
    CHECK(outstanding.try_add(8));
    outstanding.remove(7);
    CHECK(outstanding.try_add(7));
    outstanding.remove(7);
    outstanding.remove(7);
    outstanding.remove(8);
    CHECK(outstanding.prefixes() == 0);
    outstanding.remove(9);  // never added: nothing happens
}

TEST_CASE("a client prefix key keeps /56 together and IPv4 apart from IPv6") {
    const roja::server::ClientPrefix prefix(24, 56);
    const auto key = [&](const char* text) { return prefix.key(ip(text)); };
    CHECK(key("192.0.2.1") == key("192.0.2.254"));
    CHECK(key("192.0.2.1") != key("192.0.3.1"));
    CHECK(key("2001:db8:0:100::1") == key("2001:db8:0:1ff::2"));
    CHECK(key("2001:db8:0:100::1") != key("2001:db8:0:200::1"));
    CHECK(key("192.0.2.1") != key("::c000:201"));
    const roja::server::ClientPrefix host(32, 128);
    CHECK(host.key(ip("2001:db8::1")) != host.key(ip("2001:db8::2")));
}
