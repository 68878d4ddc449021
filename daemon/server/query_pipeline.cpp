#include "daemon/server/query_pipeline.hpp"

#include "daemon/server/forwarded_answer.hpp"
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
                             upstream::UpstreamOptions upstream_options, WorkerCounters& counters)
    : io_(io),
      state_(states),
      cache_(cache_limits),
      upstreams_(io, std::move(upstream_options)),
      counters_(counters) {
    state_serial_ = state_.get().serial;
}

// A new snapshot may list names (or CNAME targets, addresses) the cache holds answers for:
// the cache is dropped so that every answer from now on was checked against the new policy.
void QueryPipeline::sync_state() {
    const ServingState& state = state_.get();
    if (state.serial == state_serial_) return;
    state_serial_ = state.serial;
    cache_.clear();
}

Handled QueryPipeline::answer_now(const Arrival& arrival, std::span<std::uint8_t> out) {
    sync_state();
    const ServingState& state = state_.get();
    (arrival.tcp ? counters_.queries_tcp : counters_.queries_udp).add();

    // 1. Decode. Anything shorter than a header, or not a query, is never answered.
    wire::decode_query(arrival.packet, query_);
    const std::size_t limit =
        arrival.tcp ? wire::kMaxMessageSize : query_.udp_answer_limit(state.udp_payload);
    if (query_.status == wire::QueryStatus::drop) {
        counters_.dropped_malformed.add();
        return {};
    }
    // 2. Access before anything else is looked at: outsiders learn nothing but REFUSED.
    if (!state.access.longest_match(arrival.client)) {
        if (state.refused_action == config::RefusedAction::drop) {
            counters_.dropped_acl.add();
            return {};
        }
        counters_.refused_acl.add();
        return {answer_refused(query_, out, limit)};
    }
    if (query_.status != wire::QueryStatus::ok) {
        (query_.status == wire::QueryStatus::notimp    ? counters_.notimp
         : query_.status == wire::QueryStatus::badvers ? counters_.badvers
                                                       : counters_.formerr)
            .add();
        const auto written = wire::write_status_answer(out, limit, query_);
        return {written ? written->size() : 0};
    }
    counters_.metrics.count_query_type(query_.qtype);
    // 3. Only class IN is resolved: CHAOS and friends are refused (docs/resolver.md).
    if (query_.qclass != wire::kClassIn) {
        counters_.refused_class.add();
        return {answer_refused(query_, out, limit)};
    }
    // 4. The policy decides before the cache or an upstream sees the name: a blocked name is
    //    never forwarded, and a reload applies at once, cache or not.
    const filter::GroupIndex group = state.policy->group_of(arrival.client);
    const filter::Verdict verdict = state.policy->decide(query_.qname(), query_.qtype, group);
    if (verdict.is_blocked()) {
        counters_.answered_blocked.add();
        counters_.metrics.count_block(verdict, state.policy);
        counters_.hits.record(verdict, state.policy, arrival.client);
        log_client(arrival.client, query_, group, verdict, stats::ClientAnswer::blocked,
                   state.policy);
        return {blocked_.write(out, limit, query_, verdict, state).size()};
    }
    if (verdict.is_allowed()) counters_.answered_allowed_exception.add();
    // 5. SafeSearch groups never get a search engine's real answer, cached or not — nor the
    //    HTTP filter's address, which would pass their TLS through to the real engine.
    if (state.policy->group(group).safesearch) {
        if (const auto target = filter::safe_search_target(query_.qname())) {
            next_pending_ =
                std::make_shared<Pending>(query_, group, limit, arrival.tcp, state_.shared());
            next_pending_->safe_search_target = *target;
            next_pending_->client = arrival.client;
            next_pending_->verdict = verdict;
            return {0, true};
        }
    }
    // 5b. A host with URL-level entries is not blocked whole: the HTTP filter enforces the
    //     listed URLs alone, so the group gets the filter's address instead of the origin's.
    //     Only address-bearing types concern it; the type is checked before the rule lookups.
    if (state.url_filter.enabled() && is_url_filter_type(query_.qtype) &&
        state.policy->is_routed_to_http_filter(query_.qname(), group)) {
        if (const auto written = answer_url_filter(query_, out, limit, state)) {
            counters_.answered_url_filter.add();
            log_client(arrival.client, query_, group, verdict, stats::ClientAnswer::url_filter,
                       state.policy);
            return {*written};
        }
    }
    // 6. Cache, then 7. upstream (answered later).
    if (const auto cached = answer_from_cache(query_, out, limit)) {
        log_client(arrival.client, query_, group, verdict, stats::ClientAnswer::cached,
                   state.policy);
        return {*cached};
    }
    next_pending_ = std::make_shared<Pending>(query_, group, limit, arrival.tcp, state_.shared());
    next_pending_->client = arrival.client;
    next_pending_->verdict = verdict;
    return {0, true};
}

// A/AAAA get the filter's addresses; HTTPS/SVCB get NODATA, so no address hint in them leads
// around the filter; other types (MX, TXT...) are none of the filter's business.
std::optional<std::size_t> QueryPipeline::answer_url_filter(const wire::QueryView& query,
                                                            std::span<std::uint8_t> out,
                                                            std::size_t limit,
                                                            const ServingState& state) {
    if (!is_url_filter_type(query.qtype)) return std::nullopt;
    wire::BlockedAnswer answer;
    answer.ttl = state.blocking.ttl;
    answer.ipv4 = state.url_filter.ipv4;
    answer.ipv6 = state.url_filter.ipv6;
    const auto written = wire::write_redirect(out, limit, query, answer);
    if (!written) return std::nullopt;
    return written->size();
}

std::size_t QueryPipeline::answer_refused(const wire::QueryView& query, std::span<std::uint8_t> out,
                                          std::size_t limit) {
    if (!query.has_question && query.status == wire::QueryStatus::ok) return 0;
    const auto written = wire::write_rcode_only(out, limit, query, wire::Rcode::Refused);
    return written ? written->size() : 0;
}

std::optional<std::size_t> QueryPipeline::answer_from_cache(const wire::QueryView& query,
                                                            std::span<std::uint8_t> out,
                                                            std::size_t limit) {
    const cache::CacheKey key{query.qname(), query.qtype, query.qclass, query.edns.dnssec_ok,
                              query.cd()};
    const auto found = cache_.lookup(key, cache::Clock::now(), query.id, out);
    if (found.status != cache::LookupStatus::fresh) {
        counters_.metrics.cache_misses.add();
        return std::nullopt;
    }
    counters_.answered_cached.add();
    if (found.prefetch_due) {
        // Refresh a popular entry before it expires; nobody waits for this answer.
        next_pending_ =
            std::make_shared<Pending>(query, filter::GroupIndex{0}, limit, false, state_.shared());
        next_pending_->prefetch = true;
        start_upstream(ReplyPath{});
    }
    return finish_forwarded_answer(out, found.length, query, limit, state_.get().udp_payload);
}

}  // namespace roja::server
