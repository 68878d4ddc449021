#include "daemon/server/query_pipeline.hpp"

#include "daemon/server/cached_answer_check.hpp"
#include "daemon/server/forwarded_answer.hpp"
#include "daemon/server/local_zones.hpp"
#include "daemon/server/pending_query.hpp"
#include "daemon/wire/canned_answers.hpp"
#include "filter/safe_search.hpp"

namespace roja::server {

namespace {

constexpr std::uint16_t kQtypeSvcb = 64, kQtypeHttps = 65;

bool is_url_filter_type(std::uint16_t qtype) noexcept {
    return qtype == filter::kQtypeA || qtype == filter::kQtypeAaaa || qtype == kQtypeSvcb ||
           qtype == kQtypeHttps;
}

}  // namespace

QueryPipeline::QueryPipeline(boost::asio::io_context& io, const StateHolder& states,
                             cache::CacheLimits cache_limits,
                             upstream::UpstreamOptions upstream_options, WorkerCounters& counters,
                             ZoneForwarding forwarding, RateLimitSettings rate_limit)
    : io_(io),
      state_(states),
      cache_(cache_limits),
      upstreams_(io, std::move(upstream_options)),
      routes_(std::move(forwarding.routes)),
      counters_(counters),
      rate_limit_(std::move(rate_limit)),
      client_prefix_(rate_limit_.table.ipv4_prefix, rate_limit_.table.ipv6_prefix),
      outstanding_(rate_limit_.max_outstanding) {
    if (rate_limit_.enabled) limiter_ = std::make_unique<ClientRateLimiter>(rate_limit_.table);
    for (ForwardZone& zone : forwarding.zones)
        zone_pools_.push_back(
            {std::make_unique<upstream::UpstreamPool>(io, std::move(zone.upstream)), zone.cache});
}

// The stage list with the reasons for its order is in query_pipeline.hpp.
QueryPipeline::Outcome QueryPipeline::run_stages(const Arrival& arrival,
                                                 std::span<std::uint8_t> out) {
    const std::shared_ptr<const ServingState>& snapshot = state_.shared();
    QueryFacts q{arrival, out, snapshot, *snapshot, 0, 0, {}, {}, nullptr};
    counters_.queries[index_of(arrival.transport)].add();
    if (Outcome o = decode(q); o.ends()) return o;
    if (Outcome o = check_access(q); o.ends()) return o;
    if (Outcome o = check_rate_limit(q); o.ends()) return o;
    if (Outcome o = answer_bad_query(q); o.ends()) return o;
    if (Outcome o = check_class(q); o.ends()) return o;
    if (Outcome o = answer_local_override(q); o.ends()) return o;
    if (Outcome o = decide(q); o.ends()) return o;
    if (Outcome o = answer_local(q); o.ends()) return o;
    if (Outcome o = answer_safe_search_later(q); o.ends()) return o;
    if (Outcome o = answer_url_filter(q); o.ends()) return o;
    if (Outcome o = route_zone(q); o.ends()) return o;
    if (Outcome o = answer_from_cache(q); o.ends()) {
        prefetch(q, o);
        return o;
    }
    return forward_upstream(q);
}

QueryPipeline::Outcome QueryPipeline::decode(QueryFacts& q) {
    wire::decode_query(q.arrival.packet, query_);
    q.limit = q.arrival.is_stream() ? wire::kMaxMessageSize
                                    : query_.udp_answer_limit(q.state.udp_payload);
    if (query_.status != wire::QueryStatus::drop) return Outcome::next();
    counters_.dropped_malformed.add();
    return Outcome::dropped();
}

QueryPipeline::Outcome QueryPipeline::check_access(QueryFacts& q) {
    if (q.state.access.longest_match(q.arrival.client)) return Outcome::next();
    if (q.state.refused_action == config::RefusedAction::drop) {
        counters_.dropped_acl.add();
        return Outcome::dropped();
    }
    counters_.refused_acl.add();
    return Outcome::answered(answer_refused(query_, q.out, q.limit));
}

// Over the limit: every slip-th UDP query gets an empty TC=1 answer, so a genuine client moves
// to TCP (which a spoofed source cannot), as RRL's slip does; the others are dropped or REFUSED.
QueryPipeline::Outcome QueryPipeline::check_rate_limit(QueryFacts& q) {
    if (!limiter_) return Outcome::next();
    const std::uint32_t now = q.arrival.now_ms ? q.arrival.now_ms : ClientRateLimiter::now_ms();
    if (limiter_->admit(q.arrival.client, now)) return Outcome::next();
    if (rate_limit_.exempt.longest_match(q.arrival.client)) return Outcome::next();
    if (!q.arrival.is_stream() && rate_limit_.slip != 0 && ++over_limit_ % rate_limit_.slip == 0 &&
        query_.has_question) {
        counters_.rate_limited_truncated.add();
        const auto written = wire::write_rcode_only(q.out, q.limit, query_, wire::Rcode::NoError);
        if (!written) return Outcome::dropped();
        q.out[2] |= static_cast<std::uint8_t>(wire::flag::kTc >> 8);
        return Outcome::answered(written->size());
    }
    if (rate_limit_.action == config::RateLimitAction::refuse) {
        counters_.rate_limited_refused.add();
        return Outcome::answered(answer_refused(query_, q.out, q.limit));
    }
    counters_.rate_limited_dropped.add();
    return Outcome::dropped();
}

QueryPipeline::Outcome QueryPipeline::answer_bad_query(QueryFacts& q) {
    if (query_.status == wire::QueryStatus::ok) {
        counters_.metrics.count_query_type(query_.qtype);
        return Outcome::next();
    }
    (query_.status == wire::QueryStatus::notimp    ? counters_.notimp
     : query_.status == wire::QueryStatus::badvers ? counters_.badvers
                                                   : counters_.formerr)
        .add();
    const auto written = wire::write_status_answer(q.out, q.limit, query_);
    return Outcome::answered(written ? written->size() : 0);
}

QueryPipeline::Outcome QueryPipeline::check_class(QueryFacts& q) {
    if (query_.qclass == wire::kClassIn) return Outcome::next();
    counters_.refused_class.add();
    return Outcome::answered(answer_refused(query_, q.out, q.limit));
}

QueryPipeline::Outcome QueryPipeline::decide(QueryFacts& q) {
    const filter::Policy& policy = *q.state.policy;
    q.group = policy.group_of(q.arrival.client);
    q.verdict = policy.decide(query_.qname(), query_.qtype, q.group);
    if (!q.verdict.is_blocked()) {
        if (q.verdict.is_allowed()) counters_.answered_allowed_exception.add();
        return Outcome::next();
    }
    counters_.answered_blocked.add();
    counters_.metrics.count_block(q.verdict, q.state.policy);
    counters_.hits.record(q.verdict, q.state.policy, q.arrival.client);
    log_client(q.arrival.client, query_, q.group, q.verdict, stats::ClientAnswer::blocked,
               q.state.policy);
    return Outcome::answered(blocked_.write(q.out, q.limit, query_, q.verdict, q.state).size());
}

QueryPipeline::Outcome QueryPipeline::answer_local_override(QueryFacts& q) {
    if (q.state.local_records.empty()) return Outcome::next();
    q.local = q.state.local_records.find(query_.qname());
    if (!q.local || !q.local->override) return Outcome::next();
    q.group = q.state.policy->group_of(q.arrival.client);
    return answer_local(q);
}

QueryPipeline::Outcome QueryPipeline::answer_local(QueryFacts& q) {
    if (!q.local) return Outcome::next();
    counters_.answered_local.add();
    log_client(q.arrival.client, query_, q.group, q.verdict, stats::ClientAnswer::local,
               q.state.policy);
    const auto written =
        write_local_answer(q.out, q.limit, query_, q.state.local_records, *q.local);
    return Outcome::answered(written ? written->size() : 0);
}

// SafeSearch groups never get a search engine's real answer, cached or not — nor the HTTP
// filter's address, which would pass their TLS through to the real engine.
QueryPipeline::Outcome QueryPipeline::answer_safe_search_later(QueryFacts& q) {
    if (!q.state.policy->group(q.group).safesearch) return Outcome::next();
    const auto target = filter::safe_search_target(query_.qname());
    if (!target) return Outcome::next();
    auto pending = make_pending(q);
    pending->safe_search_target = *target;
    return Outcome::upstream(std::move(pending));
}

// A host with URL-level entries is not blocked whole: the HTTP filter enforces the listed URLs
// alone, so the group gets the filter's address instead of the origin's. A/AAAA get the
// filter's addresses; HTTPS/SVCB get NODATA, so no address hint in them leads around the
// filter; other types (MX, TXT...) are none of the filter's business. The type is checked
// before the rule lookups.
QueryPipeline::Outcome QueryPipeline::answer_url_filter(QueryFacts& q) {
    if (!q.state.url_filter.enabled() || !is_url_filter_type(query_.qtype) ||
        !q.state.policy->is_routed_to_http_filter(query_.qname(), q.group))
        return Outcome::next();
    wire::BlockedAnswer answer;
    answer.ttl = q.state.blocking.ttl;
    answer.ipv4 = q.state.url_filter.ipv4;
    answer.ipv6 = q.state.url_filter.ipv6;
    const auto written = wire::write_redirect(q.out, q.limit, query_, answer);
    if (!written) return Outcome::next();
    counters_.answered_url_filter.add();
    log_client(q.arrival.client, query_, q.group, q.verdict, stats::ClientAnswer::url_filter,
               q.state.policy);
    return Outcome::answered(written->size());
}

QueryPipeline::Outcome QueryPipeline::route_zone(QueryFacts& q) {
    if (routes_.empty()) return Outcome::next();
    q.route = routes_.route(query_.qname());
    if (q.route.kind != ZoneRoute::Kind::local) return Outcome::next();
    counters_.answered_local_zone.add();
    log_client(q.arrival.client, query_, q.group, q.verdict, stats::ClientAnswer::local,
               q.state.policy);
    const auto written = write_local_zone_answer(q.out, q.limit, query_, q.route.zone);
    return Outcome::answered(written ? written->size() : 0);
}

QueryPipeline::Outcome QueryPipeline::answer_from_cache(QueryFacts& q) {
    if (!is_cached(q.route)) return Outcome::next();
    const cache::CacheKey key = cache_key(query_);
    const auto found = cache_.lookup(key, cache::Clock::now(), query_.id, q.out);
    if (found.status != cache::LookupStatus::fresh ||
        (found.policy_generation != q.state.serial &&
         !recheck_cached(key, q.out.first(found.length), q.state))) {
        counters_.metrics.cache_misses.add();
        return Outcome::next();
    }
    counters_.answered_cached.add();
    log_client(q.arrival.client, query_, q.group, q.verdict, stats::ClientAnswer::cached,
               q.state.policy);
    Outcome answered = Outcome::answered(
        finish_forwarded_answer(q.out, found.length, query_, q.limit, q.state.udp_payload));
    answered.refresh_due = found.prefetch_due;
    return answered;
}

bool QueryPipeline::recheck_cached(const cache::CacheKey& key,
                                   std::span<const std::uint8_t> message,
                                   const ServingState& state) {
    if (passes_policy(message, *state.policy, key.qtype)) {
        cache_.confirm(key, state.serial);
        return true;
    }
    cache_.erase(key);
    return false;
}

// Refreshes a popular entry before it expires; nobody waits for this answer.
void QueryPipeline::prefetch(QueryFacts& q, const Outcome& cached) {
    if (!cached.refresh_due) return;
    auto pending =
        std::make_shared<Pending>(query_, filter::GroupIndex{0}, q.limit, false, q.snapshot);
    pending->prefetch = true;
    pending->route = q.route;
    start_upstream(std::move(pending), ReplyPath{});
}

QueryPipeline::Outcome QueryPipeline::forward_upstream(QueryFacts& q) {
    if (rate_limit_.max_outstanding == 0) return Outcome::upstream(make_pending(q));
    const std::uint64_t key = client_prefix_.key(q.arrival.client);
    const bool counted = outstanding_.try_add(key);
    if (!counted && !rate_limit_.exempt.longest_match(q.arrival.client)) {
        counters_.rate_limited_upstream_cap.add();
        const auto written = wire::write_rcode_only(q.out, q.limit, query_, wire::Rcode::ServFail);
        return Outcome::answered(written ? written->size() : 0);
    }
    auto pending = make_pending(q);
    if (counted) pending->outstanding_key = key;  // an exempt client over the cap is not
    return Outcome::upstream(std::move(pending));
}

std::shared_ptr<QueryPipeline::Pending> QueryPipeline::make_pending(const QueryFacts& q) {
    auto pending =
        std::make_shared<Pending>(query_, q.group, q.limit, q.arrival.is_stream(), q.snapshot);
    pending->client = q.arrival.client;
    pending->verdict = q.verdict;
    pending->route = q.route;
    return pending;
}

upstream::UpstreamPool& QueryPipeline::pool_for(const ZoneRoute& route) noexcept {
    if (route.kind != ZoneRoute::Kind::forward) return upstreams_;
    return *zone_pools_[route.forward_zone].pool;
}

bool QueryPipeline::is_cached(const ZoneRoute& route) const noexcept {
    return route.kind != ZoneRoute::Kind::forward || zone_pools_[route.forward_zone].cache;
}

std::size_t QueryPipeline::answer_refused(const wire::QueryView& query, std::span<std::uint8_t> out,
                                          std::size_t limit) {
    if (!query.has_question && query.status == wire::QueryStatus::ok) return 0;
    const auto written = wire::write_rcode_only(out, limit, query, wire::Rcode::Refused);
    return written ? written->size() : 0;
}

}  // namespace roja::server
