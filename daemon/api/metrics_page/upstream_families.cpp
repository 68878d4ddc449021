// The upstream resolvers: tries by outcome and latency per server, and the pools' own counters.
#include <array>
#include <cstdio>

#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

namespace {

using upstream::UpstreamCounters;
using upstream::UpstreamServerStats;

std::string server_label(const upstream::UpstreamServer& server) {
    const std::string address = server.address.to_string();
    return (server.address.is_v6() ? "[" + address + "]" : address) + ":" +
           std::to_string(server.port);
}

template <class Field>
std::uint64_t sum_servers(const MetricsView& view, std::size_t server, Field field) {
    std::uint64_t total = 0;
    for (const WorkerView& worker : view.workers)
        if (worker.pool) total += field(worker.pool->server_stats(server)).get();
    return total;
}

template <class Field>
std::uint64_t sum_pools(const MetricsView& view, Field field) {
    std::uint64_t total = 0;
    for (const WorkerView& worker : view.workers)
        if (worker.pool) total += field(worker.pool->counters()).get();
    return total;
}

const upstream::UpstreamPool* first_pool(const MetricsView& view) {
    for (const WorkerView& worker : view.workers)
        if (worker.pool) return worker.pool;
    return nullptr;
}

void render_tries(Exposition& out, const MetricsView& view, const upstream::UpstreamPool& pool) {
    out.family("roja_upstream_tries_total", "counter",
               "Tries at each upstream server, by outcome.");
    constexpr std::array<std::pair<std::string_view, metrics::Counter UpstreamServerStats::*>, 4>
        kOutcomes{{
            {"answered", &UpstreamServerStats::answered},
            {"error_rcode", &UpstreamServerStats::error_rcodes},
            {"timeout", &UpstreamServerStats::timeouts},
            {"network_error", &UpstreamServerStats::network_errors},
        }};
    for (std::size_t server = 0; server < pool.options().servers.size(); ++server) {
        const std::string label = server_label(pool.options().servers[server]);
        for (const auto& kind : kOutcomes) {
            // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
            const auto field = kind.second;
            out.sample("roja_upstream_tries_total", {{"upstream", label}, {"outcome", kind.first}},
                       sum_servers(
                           view, server, [field](const UpstreamServerStats& s) -> auto& {
                               return s.*field;
                           }));
        }
    }
}

void render_latency(Exposition& out, const MetricsView& view, const upstream::UpstreamPool& pool) {
    out.family("roja_upstream_latency_seconds", "histogram",
               "Time from sending a try to its validated reply, per upstream server.");
    for (std::size_t server = 0; server < pool.options().servers.size(); ++server) {
        const std::string label = server_label(pool.options().servers[server]);
        std::uint64_t cumulative = 0;
        for (std::size_t bucket = 0; bucket <= kLatencyBounds.size(); ++bucket) {
            cumulative += sum_servers(
                view, server, [bucket](const UpstreamServerStats& s) -> auto& {
                    return s.latency.buckets[bucket];
                });
            char bound[32] = "+Inf";
            if (bucket < kLatencyBounds.size())
                std::snprintf(bound, sizeof bound, "%g", kLatencyBounds[bucket]);
            out.sample("roja_upstream_latency_seconds_bucket", {{"upstream", label}, {"le", bound}},
                       cumulative);
        }
        const double sum = static_cast<double>(sum_servers(
                               view, server, [](const UpstreamServerStats& s) -> auto& {
                                   return s.latency.sum_microseconds;
                               })) /
                           1e6;
        out.sample("roja_upstream_latency_seconds_sum", {{"upstream", label}}, sum);
        out.sample("roja_upstream_latency_seconds_count", {{"upstream", label}}, cumulative);
    }
}

void render_pool_counters(Exposition& out, const MetricsView& view) {
    struct PoolCounter {
        std::string_view name, help;
        const metrics::Counter UpstreamCounters::*field;
    };
    static constexpr PoolCounter kCounters[] = {
        {"roja_upstream_replies_forged_total",
         "Replies dropped for a wrong source, ID or question.", &UpstreamCounters::forged},
        {"roja_upstream_replies_malformed_total", "Replies dropped as malformed.",
         &UpstreamCounters::malformed},
        {"roja_upstream_tc_retries_total", "Truncated UDP replies retried over TCP.",
         &UpstreamCounters::tc_retries},
        {"roja_upstream_coalesced_total",
         "Queries that shared an identical query already in flight.", &UpstreamCounters::coalesced},
        {"roja_upstream_overloaded_total", "Queries refused at upstream.max_outstanding.",
         &UpstreamCounters::overloaded},
        {"roja_upstream_all_failed_total",
         "Queries every upstream server failed (answered stale or SERVFAIL).",
         &UpstreamCounters::all_failed},
        {"roja_upstream_retransmits_total",
         "Queries sent again, to the same or the next server, after a try's timeout.",
         &UpstreamCounters::retransmits},
        {"roja_upstream_retransmits_unfunded_total",
         "Retransmits not sent because the retry budget (earned by answers) was empty.",
         &UpstreamCounters::retransmits_unfunded},
        {"roja_upstream_late_replies_total",
         "Replies to a try whose query had been answered already (by another try).",
         &UpstreamCounters::late_replies},
        {"roja_upstream_sockets_opened_total",
         "UDP sockets opened to upstreams (pool rotation, fresh ports).",
         &UpstreamCounters::sockets_opened},
    };
    for (const PoolCounter& counter : kCounters)
        out.single(
            counter.name, "counter", counter.help,
            sum_pools(
                view, [&counter](const UpstreamCounters& c) -> auto& { return c.*counter.field; }));
    out.single(
        "roja_upstream_bad_replies_total", "counter",
        "Upstream replies that did not answer the question (SERVFAIL sent instead).",
        sum_workers(
            view, [](const server::WorkerCounters& c) -> auto& { return c.upstream_bad_reply; }));
}

void render_retransmit_outcomes(Exposition& out, const MetricsView& view) {
    out.family("roja_upstream_retransmit_outcomes_total", "counter",
               "Queries sent more than once, by how they ended: answered by the last retransmit, "
               "by an earlier try's late reply, or not at all.");
    constexpr std::array<std::pair<std::string_view, metrics::Counter UpstreamCounters::*>, 3>
        kOutcomes{{
            {"retransmit_answered", &UpstreamCounters::retransmit_answered},
            {"late_answered", &UpstreamCounters::late_answered},
            {"failed", &UpstreamCounters::retransmit_failed},
        }};
    for (const auto& kind : kOutcomes) {
        const auto field = kind.second;  // not a structured binding: see render_tries
        out.sample("roja_upstream_retransmit_outcomes_total", {{"outcome", kind.first}},
                   sum_pools(
                       view, [field](const UpstreamCounters& c) -> auto& { return c.*field; }));
    }
}

}  // namespace

void render_upstream_families(Exposition& out, const MetricsView& view) {
    if (const upstream::UpstreamPool* pool = first_pool(view)) {
        render_tries(out, view, *pool);
        render_latency(out, view, *pool);
    }
    render_pool_counters(out, view);
    render_retransmit_outcomes(out, view);
}

}  // namespace roja::metrics
