// The one place a query's path is laid out. Each worker owns one pipeline, used only from its
// own thread: no locks. The blocked and cache-hit paths allocate nothing.
//
// The stages, in order (run_stages() in query_pipeline.cpp calls them top to bottom). Each
// returns an Outcome: go on to the next stage, or answered now, needs an upstream (with its
// Pending record), or dropped.
//   1. decode        Anything shorter than a header, or not a query, is dropped here: nothing
//                    else may look at bytes that did not parse.
//   2. access        Before the query's content is used: outsiders learn nothing but REFUSED
//                    (or silence), not even whether their query was well-formed.
//   3. rate limit    Right after access, before any work for the query's content (and long
//                    before an upstream): a client over its limit is dropped, REFUSED or sent
//                    TC=1 (every slip-th UDP query) for almost nothing. After access: outsiders
//                    get REFUSED anyway and never take a slot in the table.
//   3b. bad query    FORMERR / NOTIMP / BADVERS for a query that is not a plain QUERY; only
//                    well-formed queries are counted by type and reach the policy.
//   4. class         Only class IN is resolved: CHAOS and friends are REFUSED before the policy,
//                    since no list speaks of them (docs/resolver.md).
//   5. local override  A local record marked override: true is answered before the policy it
//                    overrides (each such conflict is audited at load). Looks the name up once
//                    for stage 7 too.
//   6. decide        The policy decides on the name before the cache or an upstream sees it: a
//                    blocked name is never forwarded, and a new policy applies at once.
//   7. local         The network's own names (local_records): after the policy, which wins
//                    over them, before everything that could send them upstream or answer them
//                    otherwise (a generated PTR beats the RFC 6303 NXDOMAIN of stage 10).
//   8. SafeSearch    After decide (a listed engine stays blocked), before the cache: the cache
//                    holds the real engine's answer, which a SafeSearch group must never get.
//   9. URL filter    Also before the cache: a host with URL entries is answered with the HTTP
//                    filter's address for the groups that filter URLs, whatever is cached.
//  10. zone route    After decide: a listed name is never forwarded anywhere, not even to a
//                    forward zone's servers, and a listed private PTR gets its block answer.
//                    Picks the default upstreams or a forward zone's (upstream.zones, longest
//                    suffix), or answers a locally served zone (RFC 6303) here. Before the
//                    cache: such answers never fill it, and a zone with cache: false skips it.
//  11. cache         A hit checked against an older policy is checked again (its CNAME
//                    targets and addresses) before it is served.
//  12. prefetch      After a hit only: a popular entry near its end is refreshed in the
//                    background, the client already has its answer.
//  13. upstream      Everything left is forwarded to its route's servers; the answer comes
//                    later through the ReplyPath (query_pipeline_upstream.cpp), inspected
//                    before it is cached. A client prefix already at rate_limit.max_outstanding
//                    queries in flight gets SERVFAIL at once: only misses can fill the pool.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "daemon/cache/answer_cache.hpp"
#include "daemon/server/block_answer.hpp"
#include "daemon/server/client_outstanding.hpp"
#include "daemon/server/rate_limit_settings.hpp"
#include "daemon/server/reply_path.hpp"
#include "daemon/server/state_holder.hpp"
#include "daemon/server/transport.hpp"
#include "daemon/server/worker_counters.hpp"
#include "daemon/server/zone_routes.hpp"
#include "daemon/upstream/upstream_pool.hpp"
#include "daemon/wire/query_view.hpp"

namespace roja::server {

struct Arrival {
    std::span<const std::uint8_t> packet;
    boost::asio::ip::address client;
    Transport transport = Transport::udp;
    // QueryPipeline::batch_time() read once for a batch of datagrams; 0: read it per query.
    std::uint32_t now_ms = 0;
    bool is_stream() const noexcept { return server::is_stream(transport); }
};

struct Handled {
    std::size_t length = 0;  // answer bytes in `out` to send now
    bool later = false;      // an upstream exchange will answer through the ReplyPath
};

class QueryPipeline {
  public:
    QueryPipeline(boost::asio::io_context& io, const StateHolder& states,
                  cache::CacheLimits cache_limits, upstream::UpstreamOptions upstream_options,
                  WorkerCounters& counters, ZoneForwarding forwarding = {},
                  RateLimitSettings rate_limit = {});

    // `reply_path` is only called when the answer must wait for an upstream.
    template <class MakeReplyPath>
    Handled handle(const Arrival& arrival, std::span<std::uint8_t> out,
                   MakeReplyPath&& reply_path) {
        Outcome outcome = run_stages(arrival, out);
        if (outcome.kind == Outcome::Kind::upstream) {
            start_upstream(std::move(outcome.pending), reply_path());
            return {0, true};
        }
        return {outcome.length, false};
    }

    // The coarse clock the rate limit needs, or 0 when it is off: a UDP batch reads it once.
    std::uint32_t batch_time() const noexcept { return limiter_ ? ClientRateLimiter::now_ms() : 0; }

    const cache::AnswerCache& cache() const noexcept { return cache_; }
    const upstream::UpstreamPool& upstreams() const noexcept { return upstreams_; }

  private:
    struct Pending;

    // What a stage decided about the query.
    struct Outcome {
        enum class Kind : std::uint8_t {
            next,      // not this stage's business: the next stage goes on
            answered,  // `length` bytes of answer in `out` (0: nothing to send)
            upstream,  // `pending` waits for an upstream exchange
            dropped,   // no answer at all
        };
        Kind kind = Kind::next;
        std::size_t length = 0;
        std::shared_ptr<Pending> pending;
        bool refresh_due = false;  // answered from a cache entry the prefetch stage refreshes

        bool ends() const noexcept { return kind != Kind::next; }
        static Outcome next() noexcept { return {}; }
        static Outcome answered(std::size_t length) noexcept {
            return {Kind::answered, length, nullptr};
        }
        static Outcome upstream(std::shared_ptr<Pending> pending) noexcept {
            return {Kind::upstream, 0, std::move(pending)};
        }
        static Outcome dropped() noexcept { return {Kind::dropped, 0, nullptr}; }
    };

    // What the stages learn about one query, on run_stages()' stack (the decoded query itself
    // is query_). `snapshot` is taken once, so every stage sees the same policy.
    struct QueryFacts {
        const Arrival& arrival;
        std::span<std::uint8_t> out;
        const std::shared_ptr<const ServingState>& snapshot;
        const ServingState& state;
        std::size_t limit = 0;  // the most answer bytes this client takes
        filter::GroupIndex group = 0;
        filter::Verdict verdict;
        ZoneRoute route;                            // set by the zone route stage
        const LocalRecords::Name* local = nullptr;  // set by the local override stage
    };

    Outcome run_stages(const Arrival& arrival, std::span<std::uint8_t> out);
    Outcome decode(QueryFacts& q);
    Outcome check_access(QueryFacts& q);
    Outcome check_rate_limit(QueryFacts& q);
    Outcome answer_bad_query(QueryFacts& q);
    Outcome check_class(QueryFacts& q);
    Outcome answer_local_override(QueryFacts& q);
    Outcome decide(QueryFacts& q);
    Outcome answer_local(QueryFacts& q);
    Outcome answer_safe_search_later(QueryFacts& q);
    Outcome answer_url_filter(QueryFacts& q);
    Outcome route_zone(QueryFacts& q);
    Outcome answer_from_cache(QueryFacts& q);
    void prefetch(QueryFacts& q, const Outcome& cached);
    Outcome forward_upstream(QueryFacts& q);

    std::shared_ptr<Pending> make_pending(const QueryFacts& q);
    // The pool a route's queries go to; whether its answers may be cached.
    upstream::UpstreamPool& pool_for(const ZoneRoute& route) noexcept;
    bool is_cached(const ZoneRoute& route) const noexcept;
    static cache::CacheKey cache_key(const wire::QueryView& q) noexcept {
        return {q.qname(), q.qtype, q.qclass, q.edns.dnssec_ok, q.cd()};
    }
    std::size_t answer_refused(const wire::QueryView& query, std::span<std::uint8_t> out,
                               std::size_t limit);
    // A cached answer last checked against an older policy: still servable under `state`?
    // Confirms the entry if so, erases it if not.
    bool recheck_cached(const cache::CacheKey& key, std::span<const std::uint8_t> message,
                        const ServingState& state);
    void start_upstream(std::shared_ptr<Pending> pending, ReplyPath path);
    boost::asio::awaitable<void> resolve(std::shared_ptr<Pending> pending, ReplyPath path);
    std::size_t answer_upstream_reply(Pending& pending, std::vector<std::uint8_t>& reply,
                                      std::vector<std::uint8_t>& out, bool& failed);
    std::size_t answer_failure(Pending& pending, std::vector<std::uint8_t>& out,
                               std::uint16_t ede_code);
    boost::asio::awaitable<std::size_t> answer_safe_search(Pending& pending,
                                                           std::vector<std::uint8_t>& out);
    // The per-client log (a no-op unless stats.client_log is on).
    void log_client(const boost::asio::ip::address& client, const wire::QueryView& query,
                    filter::GroupIndex group, const filter::Verdict& verdict,
                    stats::ClientAnswer answer,
                    const std::shared_ptr<const filter::Policy>& policy) {
        counters_.client_log.record({client, query.qname(), query.qtype, group, verdict, answer},
                                    policy);
    }

    boost::asio::io_context& io_;
    StateView state_;
    cache::AnswerCache cache_;
    upstream::UpstreamPool upstreams_;
    // upstream.zones: the routes and, by ZoneRoute::forward_zone, each zone's pool.
    ZoneRoutes routes_;
    struct ZonePool {
        std::unique_ptr<upstream::UpstreamPool> pool;
        bool cache = true;
    };
    std::vector<ZonePool> zone_pools_;
    WorkerCounters& counters_;
    // rate_limit: the table (absent when off), what over-limit clients get, the slip's count.
    std::unique_ptr<ClientRateLimiter> limiter_;
    RateLimitSettings rate_limit_;
    std::uint32_t over_limit_ = 0;
    ClientPrefix client_prefix_;     // rate_limit's prefix lengths
    ClientOutstanding outstanding_;  // rate_limit.max_outstanding, by client prefix
    BlockAnswerWriter blocked_;
    wire::QueryView query_;  // the query being decoded: reused, it is large
};

}  // namespace roja::server
