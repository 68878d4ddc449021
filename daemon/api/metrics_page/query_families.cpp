// Queries, answers, drops and the cache.
#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

namespace {

using server::WorkerCounters;

void render_queries(Exposition& out, const MetricsView& view) {
    out.family("roja_queries_total", "counter", "Queries received, by transport.");
    for (std::size_t t = 0; t < server::kTransportCount; ++t)
        out.sample("roja_queries_total", {{"protocol", server::kTransportNames[t]}},
                   sum_workers(
                       view, [t](const WorkerCounters& c) -> auto& { return c.queries[t]; }));
    out.family("roja_queries_by_type_total", "counter",
               "Queries with a well-formed question, by query type (uncommon types as other).");
    for (std::size_t slot = 0; slot < kQtypeNames.size(); ++slot)
        out.sample("roja_queries_by_type_total", {{"type", kQtypeNames[slot]}},
                   sum_workers(
                       view, [slot](const WorkerCounters& c) -> auto& {
                           return c.metrics.queries_by_type[slot];
                       }));
}

struct ResultCounter {
    std::string_view result;
    const Counter WorkerCounters::*counter;
};

// Every answered query is in exactly one of these.
constexpr ResultCounter kResults[] = {
    {"blocked", &WorkerCounters::answered_blocked},
    {"cached", &WorkerCounters::answered_cached},
    {"upstream", &WorkerCounters::answered_upstream},
    {"safe_search", &WorkerCounters::answered_safe_search},
    {"local_zone", &WorkerCounters::answered_local_zone},
    {"local", &WorkerCounters::answered_local},
    {"stale", &WorkerCounters::answered_stale},
    {"servfail", &WorkerCounters::answered_servfail},
    {"refused_acl", &WorkerCounters::refused_acl},
    {"refused_class", &WorkerCounters::refused_class},
    {"formerr", &WorkerCounters::formerr},
    {"notimp", &WorkerCounters::notimp},
    {"badvers", &WorkerCounters::badvers},
};

void render_answers(Exposition& out, const MetricsView& view) {
    out.family("roja_answers_total", "counter", "Answers sent, by how the query was answered.");
    for (const ResultCounter& result : kResults)
        out.sample("roja_answers_total", {{"result", result.result}},
                   sum_workers(
                       view, [&](const WorkerCounters& c) -> auto& { return c.*result.counter; }));
    out.family("roja_dropped_total", "counter",
               "Packets dropped without an answer: malformed (not a query, shorter than a header) "
               "or from a client outside access.allow with refused_action drop.");
    out.sample("roja_dropped_total", {{"reason", "malformed"}},
               sum_workers(
                   view, [](const WorkerCounters& c) -> auto& { return c.dropped_malformed; }));
    out.sample("roja_dropped_total", {{"reason", "acl"}},
               sum_workers(
                   view, [](const WorkerCounters& c) -> auto& { return c.dropped_acl; }));
    out.family("roja_rate_limited_total", "counter",
               "Queries over the per-client rate limit (rate_limit), by what they got: dropped, "
               "refused, truncated (TC=1, the slip), or SERVFAIL because the client's prefix "
               "had rate_limit.max_outstanding upstream queries in flight (upstream_cap).");
    for (const auto& action :
         {std::pair{"drop", &WorkerCounters::rate_limited_dropped},
          std::pair{"refuse", &WorkerCounters::rate_limited_refused},
          std::pair{"truncate", &WorkerCounters::rate_limited_truncated},
          std::pair{"upstream_cap", &WorkerCounters::rate_limited_upstream_cap}}) {
        // Not a structured binding: clang 14 cannot capture one in the lambda.
        const auto counter = action.second;
        out.sample("roja_rate_limited_total", {{"action", action.first}},
                   sum_workers(
                       view, [counter](const WorkerCounters& c) -> auto& { return c.*counter; }));
    }
    out.single(
        "roja_allowlist_matches_total", "counter",
        "Queries an allow entry decided (then answered from the cache or an upstream).",
        sum_workers(
            view, [](const WorkerCounters& c) -> auto& { return c.answered_allowed_exception; }));
    std::int64_t in_flight = 0;
    for (const WorkerView& worker : view.workers)
        in_flight += worker.counters->in_flight.load(std::memory_order_relaxed);
    out.single("roja_queries_in_flight", "gauge", "Queries waiting for an upstream answer.",
               static_cast<std::uint64_t>(in_flight < 0 ? 0 : in_flight));
}

void render_cache(Exposition& out, const MetricsView& view) {
    out.single("roja_cache_hits_total", "counter", "Queries answered from the cache.",
               sum_workers(
                   view, [](const WorkerCounters& c) -> auto& { return c.answered_cached; }));
    out.single("roja_cache_misses_total", "counter", "Cache lookups that found no fresh answer.",
               sum_workers(
                   view, [](const WorkerCounters& c) -> auto& { return c.metrics.cache_misses; }));
    out.single("roja_cache_stale_answers_total", "counter",
               "Expired answers served because every upstream failed (RFC 8767).",
               sum_workers(
                   view, [](const WorkerCounters& c) -> auto& { return c.answered_stale; }));
}

}  // namespace

void render_query_families(Exposition& out, const MetricsView& view) {
    render_queries(out, view);
    render_answers(out, view);
    render_cache(out, view);
}

}  // namespace roja::metrics
