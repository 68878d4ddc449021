// The page sums the workers' counters: blocks by list keep the list's labels, every answer
// result is present, and the latency histogram is cumulative.
#include "daemon/api/metrics_page/metrics_view.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "filter/policy_builder.hpp"

using namespace roja;

namespace {

bool has_line(const std::string& page, const std::string& line) {
    return page.find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("answers, queries by type and protocol are summed over the workers") {
    server::WorkerCounters a, b;
    using server::index_of;
    using server::Transport;
    a.queries[index_of(Transport::udp)].add(3);
    b.queries[index_of(Transport::udp)].add(4);
    b.queries[index_of(Transport::tcp)].add(1);
    a.queries[index_of(Transport::dot)].add(6);
    a.answered_cached.add(2);
    b.answered_blocked.add(5);
    a.metrics.count_query_type(1);
    b.metrics.count_query_type(28);
    b.metrics.count_query_type(999);
    metrics::MetricsView view;
    view.workers = {{&a, nullptr}, {&b, nullptr}};
    view.version = "9.9";
    const std::string page = metrics::render_metrics(view);
    CHECK(has_line(page, "roja_queries_total{protocol=\"udp\"} 7"));
    CHECK(has_line(page, "roja_queries_total{protocol=\"tcp\"} 1"));
    CHECK(has_line(page, "roja_queries_total{protocol=\"dot\"} 6"));
    CHECK(has_line(page, "roja_answers_total{result=\"cached\"} 2"));
    CHECK(has_line(page, "roja_answers_total{result=\"blocked\"} 5"));
    CHECK(has_line(page, "roja_cache_hits_total 2"));
    CHECK(has_line(page, "roja_queries_by_type_total{type=\"A\"} 1"));
    CHECK(has_line(page, "roja_queries_by_type_total{type=\"AAAA\"} 1"));
    CHECK(has_line(page, "roja_queries_by_type_total{type=\"other\"} 1"));
    CHECK(has_line(page, "roja_build_info{version=\"9.9\"} 1"));
    CHECK(has_line(page, "roja_workers 2"));
}

TEST_CASE("blocks are counted by the deciding list with its authority and reason, and by group") {
    filter::ListInfo info;
    info.id = "akep-orders";
    info.authority = "AKEP";
    info.reason = filter::ReasonClass::censored;
    filter::PolicyBuilder builder;
    const auto list = builder.add_list(info);
    const std::shared_ptr<const filter::Policy> policy = std::move(builder).build();
    server::WorkerCounters worker;
    filter::Verdict verdict;
    verdict.kind = filter::VerdictKind::blocked;
    verdict.list = list;
    worker.metrics.count_block(verdict, policy);
    worker.metrics.count_block(verdict, policy);
    metrics::MetricsView view;
    view.workers = {{&worker, nullptr}};
    const std::string page = metrics::render_metrics(view);
    CHECK(has_line(
        page, "roja_blocked_total{list=\"akep-orders\",authority=\"AKEP\",reason=\"censored\"} 2"));
    CHECK(has_line(page, "roja_blocked_by_group_total{group=\"default\"} 2"));
}

TEST_CASE("the upstream latency histogram is cumulative and its count is the answered tries") {
    boost::asio::io_context io;
    upstream::UpstreamOptions options;
    options.servers.push_back({boost::asio::ip::make_address("127.0.0.1"), 5300});
    upstream::UpstreamPool pool(io, options);
    auto& stats = const_cast<upstream::UpstreamServerStats&>(pool.server_stats(0));
    upstream::TryOutcome answered;
    answered.status = upstream::TryStatus::answered;
    answered.rtt = std::chrono::microseconds(300);
    stats.record(answered);
    answered.rtt = std::chrono::microseconds(20000);
    stats.record(answered);
    upstream::TryOutcome timeout;
    timeout.status = upstream::TryStatus::timeout;
    stats.record(timeout);
    server::WorkerCounters worker;
    metrics::MetricsView view;
    view.workers = {{&worker, &pool}};
    const std::string page = metrics::render_metrics(view);
    CHECK(has_line(
        page, "roja_upstream_latency_seconds_bucket{upstream=\"127.0.0.1:5300\",le=\"0.0005\"} 1"));
    CHECK(has_line(
        page, "roja_upstream_latency_seconds_bucket{upstream=\"127.0.0.1:5300\",le=\"0.01\"} 1"));
    CHECK(has_line(
        page, "roja_upstream_latency_seconds_bucket{upstream=\"127.0.0.1:5300\",le=\"0.025\"} 2"));
    CHECK(has_line(
        page, "roja_upstream_latency_seconds_bucket{upstream=\"127.0.0.1:5300\",le=\"+Inf\"} 2"));
    CHECK(has_line(page, "roja_upstream_latency_seconds_count{upstream=\"127.0.0.1:5300\"} 2"));
    CHECK(has_line(page, "roja_upstream_latency_seconds_sum{upstream=\"127.0.0.1:5300\"} 0.0203"));
    CHECK(has_line(page,
                   "roja_upstream_tries_total{upstream=\"127.0.0.1:5300\",outcome=\"timeout\"} 1"));
}
