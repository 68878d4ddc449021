// The pipeline's miss path: forward to an upstream, inspect and cache its answer, or fall back
// to a stale answer, or SERVFAIL with an Extended DNS Error.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "daemon/server/answer_inspector.hpp"
#include "daemon/server/forwarded_answer.hpp"
#include "daemon/server/pending_query.hpp"
#include "daemon/server/query_pipeline.hpp"
#include "daemon/wire/canned_answers.hpp"
#include "daemon/wire/upstream_query.hpp"

namespace roja::server {

namespace {

// Identical questions in flight share one upstream query (coalescing).
std::string coalescing_key(const wire::QueryView& q) {
    std::string key(q.qname());
    key.push_back('/');
    key += std::to_string(q.qtype) + '/' + std::to_string(q.qclass) +
           (q.edns.dnssec_ok ? "/do" : "/-") + (q.cd() ? "/cd" : "/-");
    return key;
}

bool is_cacheable_rcode(std::uint16_t rcode) {
    return rcode == static_cast<std::uint16_t>(wire::Rcode::NoError) ||
           rcode == static_cast<std::uint16_t>(wire::Rcode::NxDomain);
}

}  // namespace

void QueryPipeline::start_upstream(std::shared_ptr<Pending> pending, ReplyPath path) {
    counters_.in_flight.fetch_add(1, std::memory_order_relaxed);
    boost::asio::co_spawn(io_, resolve(std::move(pending), std::move(path)), boost::asio::detached);
}

boost::asio::awaitable<void> QueryPipeline::resolve(std::shared_ptr<Pending> pending,
                                                    ReplyPath path) {
    std::vector<std::uint8_t> query(512 + wire::kMaxNameOctets);
    const auto length =
        wire::write_upstream_query(pending->query, 0, query, pending->state->udp_payload);
    std::vector<std::uint8_t> out;
    std::size_t answer = 0;
    if (!pending->safe_search_target.empty()) {
        answer = co_await answer_safe_search(*pending, out);
    } else if (!length) {
        answer = answer_failure(*pending, out, wire::ede::kOther);
    } else {
        auto result = co_await pool_for(pending->route)
                          .resolve({query.data(), *length}, coalescing_key(pending->query));
        bool failed = result.status != upstream::UpstreamStatus::ok;
        if (!failed) answer = answer_upstream_reply(*pending, result.reply, out, failed);
        if (failed) {
            const bool unreachable = result.status == upstream::UpstreamStatus::timeout ||
                                     result.last_error == upstream::UpstreamStatus::timeout;
            answer = answer_failure(
                *pending, out,
                unreachable ? wire::ede::kNoReachableAuthority : wire::ede::kNetworkError);
        }
    }
    if (!pending->prefetch) {
        path.send({out.data(), answer});
        log_client(pending->client, pending->query, pending->group, pending->verdict,
                   pending->answer, pending->state->policy);
    }
    if (pending->outstanding_key) outstanding_.remove(*pending->outstanding_key);
    counters_.in_flight.fetch_sub(1, std::memory_order_relaxed);
}

std::size_t QueryPipeline::answer_upstream_reply(Pending& pending, std::vector<std::uint8_t>& reply,
                                                 std::vector<std::uint8_t>& out, bool& failed) {
    const ServingState& state = *pending.state;
    const wire::QueryView& query = pending.query;
    wire::ReplyView view;
    AnswerInspector inspector(*state.policy, pending.group, query.qtype);
    if (!wire::walk_message(reply, view, &inspector) || !view.answers(query)) {
        counters_.upstream_bad_reply.add();
        failed = true;
        return 0;
    }
    if (!is_cacheable_rcode(view.rcode)) {  // SERVFAIL, REFUSED...: a stale answer is better
        failed = true;
        return 0;
    }
    // Room for the reply with our OPT, or for a blocked answer with its EDE text.
    out.resize(std::max<std::size_t>(reply.size(), 4096) + wire::kOptFixedSize);
    if (inspector.blocked()) {
        (inspector.by_address() ? counters_.blocked_by_address : counters_.blocked_by_cname).add();
        counters_.answered_blocked.add();
        // A prefetch refreshes the cache for nobody in particular: no block, no hit to count.
        if (!pending.prefetch) {
            counters_.metrics.count_block(inspector.verdict(), state.policy);
            counters_.hits.record(inspector.verdict(), state.policy, pending.client);
        }
        pending.verdict = inspector.verdict();
        pending.answer = stats::ClientAnswer::blocked;
        return blocked_.write(out, pending.limit, query, inspector.verdict(), state).size();
    }
    const std::size_t length = strip_opt(reply, reply.size(), view);
    const bool positive = view.answer_count > 0;
    const std::uint32_t ttl = positive       ? view.min_answer_ttl
                              : view.has_soa ? view.negative_ttl()
                                             : 0;
    // Stored with the policy it was inspected against: if a newer one is in force by the
    // time it is hit, the hit inspects it again (query_pipeline.cpp, recheck_cached).
    if (!view.tc() && view.cacheable_layout() && !inspector.blocked_for_some_group() &&
        is_cached(pending.route))
        cache_.insert(cache_key(query), {reply.data(), length},
                      {view.ttl_offsets.data(), view.ttl_count}, ttl,
                      positive ? cache::AnswerKind::positive : cache::AnswerKind::negative,
                      cache::Clock::now(), state.serial);
    std::copy_n(reply.data(), length, out.data());
    counters_.answered_upstream.add();
    return finish_forwarded_answer(out, length, query, pending.limit, state.udp_payload);
}

std::size_t QueryPipeline::answer_failure(Pending& pending, std::vector<std::uint8_t>& out,
                                          std::uint16_t ede_code) {
    out.resize(wire::kMaxMessageSize);
    const wire::QueryView& query = pending.query;
    // RFC 8767: an expired answer beats no answer when every upstream failed.
    const cache::CacheKey key = cache_key(query);
    const auto stale = cache_.serve_stale(key, cache::Clock::now(), query.id, out);
    const ServingState& state = *pending.state;
    if ((stale.status == cache::LookupStatus::stale ||
         stale.status == cache::LookupStatus::fresh) &&
        (stale.policy_generation == state.serial ||
         recheck_cached(key, {out.data(), stale.length}, state))) {
        counters_.answered_stale.add();
        pending.answer = stats::ClientAnswer::stale;
        return finish_forwarded_answer(out, stale.length, query, pending.limit,
                                       pending.state->udp_payload);
    }
    counters_.answered_servfail.add();
    pending.answer = stats::ClientAnswer::servfail;
    const auto written = wire::write_rcode_only(out, pending.limit, query, wire::Rcode::ServFail,
                                                wire::ExtendedError{ede_code, {}});
    return written ? written->size() : 0;
}

}  // namespace roja::server
