// UpstreamPool against scripted responders on 127.0.0.1 (real sockets, one io_context).
#include "daemon/upstream/upstream_pool.hpp"
#include "tests/unit/daemon/upstream/dns_test_messages.hpp"
#include "tests/unit/daemon/upstream/fake_dns_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>

namespace roja::upstream {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::answer_with;
using test::FakeDnsServer;
using test::make_query;
using test::make_reply;
using test::ScriptedReply;

UpstreamOptions fast_options(std::vector<UpstreamServer> servers) {
    UpstreamOptions options;
    options.servers = std::move(servers);
    options.try_timeout = 150ms;
    options.deadline = 1500ms;
    options.tcp_timeout = 300ms;
    options.backoff_initial = 10s;  // a failed server stays behind for the whole test
    return options;
}

// Starts every query at once and runs the io_context until all have finished.
std::vector<UpstreamResult> resolve_all(asio::io_context& io, UpstreamPool& pool,
                                        const std::vector<std::vector<std::uint8_t>>& queries) {
    std::vector<std::optional<UpstreamResult>> results(queries.size());
    std::size_t pending = queries.size();
    for (std::size_t i = 0; i < queries.size(); ++i) {
        asio::co_spawn(io, pool.resolve(queries[i]),
                       [&, i](std::exception_ptr error, UpstreamResult result) {
                           REQUIRE_FALSE(error);
                           results[i] = std::move(result);
                           if (--pending == 0) {
                               io.stop();
                           }
                       });
    }
    io.restart();
    io.run_for(10s);
    std::vector<UpstreamResult> out;
    for (auto& result : results) {
        REQUIRE(result.has_value());
        out.push_back(std::move(*result));
    }
    return out;
}

UpstreamResult resolve_one(asio::io_context& io, UpstreamPool& pool,
                           std::vector<std::uint8_t> query) {
    return resolve_all(io, pool, {std::move(query)}).front();
}

}  // namespace

TEST_CASE("a good upstream answer is returned with the server that gave it") {
    asio::io_context io;
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({good.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    CHECK(result.status == UpstreamStatus::ok);
    REQUIRE(result.server.has_value());
    CHECK(*result.server == good.server());
    CHECK(test::answer_count(result.reply) == 1);
    CHECK(good.udp_queries() == 1);
    CHECK(pool.counters().replies_accepted == 1);
    CHECK(pool.ids_in_flight() == 0);
    CHECK(pool.outstanding() == 0);
}

TEST_CASE("forged replies do not end the wait: the genuine reply 200 ms later wins") {
    asio::io_context io;
    FakeDnsServer spoofed(io, [](std::span<const std::uint8_t> query) {
        const auto other_name = make_query("www.example.net");
        auto other_question = make_reply(other_name);
        other_question[0] = query[0];
        other_question[1] = query[1];
        return std::vector<ScriptedReply>{
            {0ms, make_reply(query, {.rcode = 3, .answers = 0, .id_delta = 1}), false},
            {0ms, other_question, false},
            {0ms, make_reply(query, {.rcode = 3, .answers = 0}), true},
            {0ms, std::vector<std::uint8_t>(query.begin(), query.begin() + 5), false},
            {200ms, make_reply(query, {.answers = 2}), false},
        };
    });
    auto options = fast_options({spoofed.server()});
    options.try_timeout = 1000ms;
    UpstreamPool pool(io, options);
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(test::answer_count(result.reply) == 2);
    CHECK((result.reply[3] & 0x0F) == 0);
    CHECK(pool.counters().forged == 2);  // the wrong-port one never gets past the kernel
    CHECK(pool.counters().malformed == 1);
}

TEST_CASE("a reply to another question is dropped and the try times out") {
    asio::io_context io;
    FakeDnsServer confused(io, [](std::span<const std::uint8_t> query) {
        auto reply = make_reply(make_query("www.example.org"));
        reply[0] = query[0];
        reply[1] = query[1];
        return std::vector<ScriptedReply>{{0ms, reply, false}};
    });
    UpstreamPool pool(io, fast_options({confused.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    CHECK(result.status == UpstreamStatus::all_failed);
    CHECK(result.last_error == UpstreamStatus::timeout);
    CHECK(pool.counters().forged == 1);
}

TEST_CASE("a reply whose question differs only in letter case is accepted") {
    asio::io_context io;
    FakeDnsServer shouting(io, [](std::span<const std::uint8_t> query) {
        auto reply = make_reply(query);
        for (std::size_t i = 12; i < 28; ++i) {
            if (reply[i] >= 'a' && reply[i] <= 'z')
                reply[i] = static_cast<std::uint8_t>(reply[i] - 32);
        }
        return std::vector<ScriptedReply>{{0ms, reply, false}};
    });
    UpstreamPool pool(io, fast_options({shouting.server()}));
    CHECK(resolve_one(io, pool, make_query("www.example.com")).status == UpstreamStatus::ok);
}

TEST_CASE("a server that times out is followed by the next server, which answers") {
    asio::io_context io;
    FakeDnsServer dead(io, test::silent());
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({dead.server(), good.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(*result.server == good.server());
    CHECK(dead.udp_queries() == 1);
    CHECK(pool.counters().timeouts == 1);
}

TEST_CASE("a closed port (ICMP unreachable) moves on to the next server") {
    asio::io_context io;
    UpstreamServer closed;
    {
        asio::ip::udp::socket probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        closed = {probe.local_endpoint().address(), probe.local_endpoint().port()};
    }
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({closed, good.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(*result.server == good.server());
    CHECK(pool.counters().network_errors + pool.counters().timeouts == 1);
}

TEST_CASE("when every server is dead, resolve ends all_failed within the deadline") {
    asio::io_context io;
    FakeDnsServer dead_a(io, test::silent());
    FakeDnsServer dead_b(io, test::silent());
    UpstreamPool pool(io, fast_options({dead_a.server(), dead_b.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    CHECK(result.status == UpstreamStatus::all_failed);
    CHECK(result.last_error == UpstreamStatus::timeout);
    CHECK(dead_a.udp_queries() == 1);
    CHECK(dead_b.udp_queries() == 1);
    CHECK(pool.counters().all_failed == 1);
    CHECK(pool.ids_in_flight() == 0);
}

TEST_CASE("the overall deadline cuts the server list short with status timeout") {
    asio::io_context io;
    FakeDnsServer dead_a(io, test::silent());
    FakeDnsServer dead_b(io, test::silent());
    FakeDnsServer dead_c(io, test::silent());
    auto options = fast_options({dead_a.server(), dead_b.server(), dead_c.server()});
    options.deadline = 200ms;  // room for the first try and part of the second
    UpstreamPool pool(io, options);
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    CHECK(result.status == UpstreamStatus::timeout);
    CHECK(dead_c.udp_queries() == 0);
}

TEST_CASE("a truncated UDP reply is retried over TCP and the TCP answer is taken") {
    asio::io_context io;
    FakeDnsServer big(io, answer_with({.tc = true, .answers = 0}), answer_with({.answers = 3}));
    UpstreamPool pool(io, fast_options({big.server()}));
    const auto result = resolve_one(io, pool, make_query("big.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(result.via_tcp);
    CHECK(test::answer_count(result.reply) == 3);
    CHECK(big.tcp_queries() == 1);
    CHECK(pool.counters().tc_retries == 1);
}

TEST_CASE("a silent TCP retry fails over to the next server") {
    asio::io_context io;
    FakeDnsServer broken(io, answer_with({.tc = true, .answers = 0}), test::silent());
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({broken.server(), good.server()}));
    const auto result = resolve_one(io, pool, make_query("big.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(*result.server == good.server());
    CHECK(broken.tcp_queries() == 1);
}

TEST_CASE("a SERVFAIL makes the next server be asked, and is returned when nobody does better") {
    asio::io_context io;
    FakeDnsServer failing(io, answer_with({.rcode = 2, .answers = 0}));
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({failing.server(), good.server()}));
    const auto result = resolve_one(io, pool, make_query("www.example.com"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(*result.server == good.server());

    UpstreamPool lonely(io, fast_options({failing.server()}));
    const auto only = resolve_one(io, lonely, make_query("www.example.com"));
    REQUIRE(only.status == UpstreamStatus::ok);
    CHECK((only.reply[3] & 0x0F) == 2);
}

TEST_CASE("100 identical queries in flight share exactly one upstream query") {
    asio::io_context io;
    FakeDnsServer slow(io, answer_with({}, 50ms));
    UpstreamPool pool(io, fast_options({slow.server()}));
    std::vector<std::vector<std::uint8_t>> queries;
    for (std::uint16_t i = 0; i < 100; ++i) {  // own IDs and 0x20 letter case, same question
        queries.push_back(make_query(i % 2 ? "Same.Example.COM" : "same.example.com", {.id = i}));
    }
    const auto results = resolve_all(io, pool, queries);
    CHECK(slow.udp_queries() == 1);
    CHECK(pool.counters().coalesced == 99);
    for (const auto& result : results) {
        REQUIRE(result.status == UpstreamStatus::ok);
        CHECK(result.reply == results.front().reply);
    }
}

TEST_CASE("queries differing only in the DO or CD bit are not coalesced") {
    asio::io_context io;
    FakeDnsServer slow(io, answer_with({}, 30ms));
    UpstreamPool pool(io, fast_options({slow.server()}));
    resolve_all(io, pool,
                {make_query("a.example"), make_query("a.example", {.do_bit = true}),
                 make_query("a.example", {.cd_bit = true})});
    CHECK(slow.udp_queries() == 3);
    CHECK(pool.counters().coalesced == 0);
}

TEST_CASE("beyond max_outstanding a query is refused as overloaded at once") {
    asio::io_context io;
    FakeDnsServer dead(io, test::silent());
    auto options = fast_options({dead.server()});
    options.max_outstanding = 2;
    UpstreamPool pool(io, options);
    const auto results = resolve_all(
        io, pool, {make_query("a.example"), make_query("b.example"), make_query("c.example")});
    CHECK(results[0].status == UpstreamStatus::all_failed);
    CHECK(results[1].status == UpstreamStatus::all_failed);
    CHECK(results[2].status == UpstreamStatus::overloaded);
    CHECK(dead.udp_queries() == 2);
    CHECK(pool.counters().overloaded == 1);
    CHECK(pool.outstanding() == 0);
}

TEST_CASE("after a server fails, the healthy server is asked first") {
    asio::io_context io;
    FakeDnsServer dead(io, test::silent());
    FakeDnsServer good(io, answer_with());
    UpstreamPool pool(io, fast_options({dead.server(), good.server()}));
    resolve_one(io, pool, make_query("one.example"));
    const auto second = resolve_one(io, pool, make_query("two.example"));
    REQUIRE(second.status == UpstreamStatus::ok);
    CHECK(*second.server == good.server());
    CHECK(dead.udp_queries() == 1);
    CHECK(pool.health().at(0).consecutive_failures == 1);
}

TEST_CASE("once both servers are measured, the faster one is asked first") {
    asio::io_context io;
    FakeDnsServer slow(io, answer_with({}, 60ms));
    FakeDnsServer fast(io, answer_with());
    UpstreamPool pool(io, fast_options({slow.server(), fast.server()}));
    CHECK(*resolve_one(io, pool, make_query("one.example")).server == slow.server());
    CHECK(*resolve_one(io, pool, make_query("two.example")).server == fast.server());
    CHECK(*resolve_one(io, pool, make_query("three.example")).server == fast.server());
    CHECK(slow.udp_queries() == 1);
}

TEST_CASE("a query without a single plain question is refused as invalid") {
    asio::io_context io;
    UpstreamPool pool(io, fast_options({}));
    auto query = make_query("www.example.com");
    query[12] = 0xC0;  // compression pointer in the question
    CHECK(resolve_one(io, pool, query).status == UpstreamStatus::invalid_query);
    CHECK(resolve_one(io, pool, {0x12, 0x34}).status == UpstreamStatus::invalid_query);
}

// Answers every query but the ones whose number (from 1) is in `drop`.
test::Script dropping(std::set<int> drop, std::shared_ptr<int> seen = std::make_shared<int>(0)) {
    return [drop = std::move(drop), seen](std::span<const std::uint8_t> query) {
        if (drop.count(++*seen)) return std::vector<ScriptedReply>{};
        return std::vector<ScriptedReply>{{0ms, make_reply(query), false}};
    };
}

TEST_CASE("a lost answer is sent again to the same server, and the retransmit answers") {
    asio::io_context io;
    FakeDnsServer lossy(io, dropping({3}));
    UpstreamPool pool(io, fast_options({lossy.server()}));
    resolve_one(io, pool, make_query("one.example"));  // answers pay for the retransmit
    resolve_one(io, pool, make_query("two.example"));
    const auto result = resolve_one(io, pool, make_query("three.example"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(lossy.udp_queries() == 4);
    CHECK(pool.counters().retransmits == 1);
    CHECK(pool.counters().retransmit_answered == 1);
    CHECK(pool.counters().timeouts == 1);
    CHECK(pool.ids_in_flight() == 0);
}

TEST_CASE("without answers to pay for it, a lost answer is not sent again") {
    asio::io_context io;
    FakeDnsServer lossy(io, dropping({1}));
    UpstreamPool pool(io, fast_options({lossy.server()}));
    const auto result = resolve_one(io, pool, make_query("one.example"));
    CHECK(result.status == UpstreamStatus::all_failed);
    CHECK(result.last_error == UpstreamStatus::timeout);
    CHECK(lossy.udp_queries() == 1);
    CHECK(pool.counters().retransmits == 0);
    CHECK(pool.counters().retransmits_unfunded == 1);
}

TEST_CASE("a late answer to the first try is taken while the retransmit is still waiting") {
    asio::io_context io;
    auto seen = std::make_shared<int>(0);
    FakeDnsServer slow_once(io, [seen](std::span<const std::uint8_t> query) {
        const int n = ++*seen;
        // Fast answers measure the server (RTO at the 50 ms floor); then the 3rd query's answer
        // takes 120 ms and the retransmit's 1 s: the first try's late answer wins.
        const auto delay = n == 3 ? 120ms : n == 4 ? 1000ms : 0ms;
        return std::vector<ScriptedReply>{{delay, make_reply(query), false}};
    });
    auto options = fast_options({slow_once.server()});
    options.try_timeout = 1500ms;
    options.deadline = 3000ms;
    options.retry_ratio = 0.5;  // the two answers pay for exactly one retransmit
    UpstreamPool pool(io, options);
    resolve_one(io, pool, make_query("one.example"));
    resolve_one(io, pool, make_query("two.example"));
    const auto result = resolve_one(io, pool, make_query("three.example"));
    REQUIRE(result.status == UpstreamStatus::ok);
    CHECK(slow_once.udp_queries() == 4);
    CHECK(pool.counters().late_answered == 1);
    CHECK(pool.counters().retransmit_answered == 0);
}

TEST_CASE("queries share the pool's sockets; a fresh-port server opens one per query") {
    asio::io_context io;
    FakeDnsServer pooled(io, answer_with());
    FakeDnsServer fresh(io, answer_with());
    auto fresh_server = fresh.server();
    fresh_server.fresh_port = true;
    auto options = fast_options({pooled.server()});
    options.sockets_per_server = 2;
    UpstreamPool pool(io, options);
    for (int i = 0; i < 20; ++i)
        CHECK(resolve_one(io, pool, make_query("q" + std::to_string(i) + ".example")).status ==
              UpstreamStatus::ok);
    CHECK(pool.counters().sockets_opened <= 2);
    UpstreamPool fresh_pool(io, fast_options({fresh_server}));
    for (int i = 0; i < 5; ++i)
        CHECK(
            resolve_one(io, fresh_pool, make_query("f" + std::to_string(i) + ".example")).status ==
            UpstreamStatus::ok);
    CHECK(fresh_pool.counters().sockets_opened == 5);
    CHECK(fresh_pool.ids_in_flight() == 0);
}

TEST_CASE("a socket past its lifetime is replaced by one on another port") {
    asio::io_context io;
    FakeDnsServer good(io, answer_with());
    auto options = fast_options({good.server()});
    options.sockets_per_server = 1;
    options.socket_lifetime = 0ms;  // over as soon as it starts: every query renews the slot
    UpstreamPool pool(io, options);
    for (int i = 0; i < 3; ++i) {
        CHECK(resolve_one(io, pool, make_query("r" + std::to_string(i) + ".example")).status ==
              UpstreamStatus::ok);
    }
    CHECK(pool.counters().sockets_opened == 3);
}

TEST_CASE(
    "once an upstream stops answering, its retransmits stop with the answers they were paid by") {
    asio::io_context io;
    auto seen = std::make_shared<int>(0);
    FakeDnsServer dies(io, [seen](std::span<const std::uint8_t> query) {
        if (++*seen > 4) return std::vector<ScriptedReply>{};  // answers 4 queries, then nothing
        return std::vector<ScriptedReply>{{0ms, make_reply(query), false}};
    });
    auto options = fast_options({dies.server()});
    options.deadline = 600ms;
    UpstreamPool pool(io, options);
    std::vector<std::vector<std::uint8_t>> queries;
    for (int i = 0; i < 4; ++i)
        resolve_one(io, pool, make_query("a" + std::to_string(i) + ".example"));
    for (int i = 0; i < 10; ++i)
        queries.push_back(make_query("d" + std::to_string(i) + ".example"));
    for (const auto& result : resolve_all(io, pool, queries))
        CHECK(result.status != UpstreamStatus::ok);
    // 4 answers paid for 4 retransmits: 10 queries cost the dead server at most 14 sends.
    CHECK(dies.udp_queries() <= 4 + 10 + 4);
    CHECK(pool.counters().retransmits <= 4);
    CHECK(pool.counters().retransmits_unfunded >= 6);
}

}  // namespace roja::upstream
