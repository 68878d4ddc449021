// The cost of statistics on the blocked-answer path: one worker's QueryPipeline answering a
// blocked query (decode, policy, answer), with the labelled /metrics counters only (the hit
// buffer off, as without a hit store), then with the hit buffer on (entry tally and the
// distinct-client sketch), with the per-client log on; and the counters alone. Prints ns per
// query and the ratios.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "daemon/server/query_pipeline.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"
#include "tests/bench/pipeline_fixture.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kIterations = 2'000'000;
constexpr int kRounds = 5;

constexpr int kDistinct = 50'000;  // entries hit in one interval, as in the 1M-list benchmark

std::vector<std::uint8_t> blocked_query(const std::string& middle = "casino500") {
    return roja::bench::query_for(middle);
}

std::shared_ptr<const roja::server::ServingState> serving_state() {
    return roja::bench::casino_serving_state(kDistinct);
}

// 1,024 clients take turns: the distinct-client sketch sees many addresses, as it would.
double ns_per_query(roja::server::QueryPipeline& pipeline, const std::vector<std::uint8_t>& query) {
    std::vector<roja::server::Arrival> arrivals;
    for (unsigned i = 0; i < 1024; ++i)
        arrivals.push_back(
            {query, boost::asio::ip::address_v4(0x7F000000u | (i * 2654435761u & 0xFFFFFFu)),
             roja::server::Transport::udp});
    std::vector<std::uint8_t> out(1232);
    std::size_t bytes = 0;
    const auto start = Clock::now();
    for (int i = 0; i < kIterations; ++i)
        bytes += pipeline
                     .handle(arrivals[static_cast<std::size_t>(i) & 1023], out,
                             [] { return roja::server::ReplyPath{}; })
                     .length;
    const double ns =
        std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kIterations;
    if (bytes == 0) std::abort();
    return ns;
}

// Queries for kDistinct different listed names from 1,024 clients, the hit buffer handed over
// every 500,000 queries as a flush would: each hit lands on one of 50,000 tallies.
double distinct_ns(roja::server::QueryPipeline& pipeline, roja::server::WorkerCounters& counters,
                   bool hits) {
    std::vector<std::vector<std::uint8_t>> queries;
    for (int i = 0; i < kDistinct; ++i)
        queries.push_back(blocked_query("casino" + std::to_string(i * 7919 % kDistinct)));
    std::vector<boost::asio::ip::address> clients;
    for (unsigned i = 0; i < 1024; ++i)
        clients.push_back(boost::asio::ip::address_v4(0x7F000000u | (i * 2654435761u & 0xFFFFFFu)));
    std::vector<std::uint8_t> out(1232);
    std::size_t bytes = 0;
    if (hits) counters.hits.take(roja::stats::SipKey{});
    const auto start = Clock::now();
    for (int i = 0; i < kIterations; ++i) {
        const auto at = static_cast<std::size_t>(i);
        const roja::server::Arrival arrival{queries[at % kDistinct], clients[at / 3 & 1023],
                                            roja::server::Transport::udp};
        bytes += pipeline.handle(arrival, out, [] { return roja::server::ReplyPath{}; }).length;
        if (hits && i % 500'000 == 499'999) counters.hits.take(roja::stats::SipKey{});
    }
    const double ns =
        std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kIterations;
    counters.hits = roja::stats::HitBuffer{};  // off again
    if (bytes == 0) std::abort();
    return ns;
}

// The per-client log on (a school's choice): room for a chunk of records is handed out between
// chunks, outside the timing, as the flush does; every query of a chunk is recorded.
double client_log_ns(roja::server::QueryPipeline& pipeline, roja::server::WorkerCounters& counters,
                     const std::vector<std::uint8_t>& query) {
    constexpr int kChunk = 100'000;
    std::vector<roja::server::Arrival> arrivals;
    for (unsigned i = 0; i < 1024; ++i)
        arrivals.push_back(
            {query, boost::asio::ip::address_v4(0x7F000000u | (i * 2654435761u & 0xFFFFFFu)),
             roja::server::Transport::udp});
    std::vector<std::uint8_t> out(1232);
    std::size_t bytes = 0;
    double total = 0;
    for (int chunk = 0; chunk < kIterations / kChunk; ++chunk) {
        counters.client_log.take(kChunk);
        const auto start = Clock::now();
        for (int i = 0; i < kChunk; ++i)
            bytes += pipeline
                         .handle(arrivals[static_cast<std::size_t>(i) & 1023], out,
                                 [] { return roja::server::ReplyPath{}; })
                         .length;
        total += std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    }
    counters.client_log.take(0);  // off again
    if (bytes == 0) std::abort();
    return total / kIterations;
}

double counters_alone_ns(roja::server::WorkerCounters& counters,
                         const std::shared_ptr<const roja::filter::Policy>& policy) {
    roja::filter::Verdict verdict;
    verdict.kind = roja::filter::VerdictKind::blocked;
    const auto start = Clock::now();
    for (int i = 0; i < kIterations; ++i) {
        counters.metrics.count_query_type(1);
        counters.metrics.count_block(verdict, policy);
    }
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / kIterations;
}

}  // namespace

int main() {
    boost::asio::io_context io;
    roja::server::StateHolder states;
    states.publish(serving_state());
    roja::server::WorkerCounters counters;
    roja::server::QueryPipeline pipeline(io, states, {}, {}, counters);
    const auto query = blocked_query();
    double metrics_only = 1e9, with_hits = 1e9, alone = 1e9, with_client_log = 1e9;
    double distinct_off = 1e9, distinct_on = 1e9;
    for (int round = 0; round < kRounds; ++round) {  // best of: the machine is shared
        metrics_only = std::min(metrics_only, ns_per_query(pipeline, query));
        counters.hits.take(roja::stats::SipKey{});  // from now on the hit buffer records
        with_hits = std::min(with_hits, ns_per_query(pipeline, query));
        counters.hits = roja::stats::HitBuffer{};  // off again (as without a hit store)
        alone = std::min(alone, counters_alone_ns(counters, states.current()->policy));
        with_client_log = std::min(with_client_log, client_log_ns(pipeline, counters, query));
        distinct_off = std::min(distinct_off, distinct_ns(pipeline, counters, false));
        distinct_on = std::min(distinct_on, distinct_ns(pipeline, counters, true));
    }
    std::printf("blocked answer, /metrics counters only:        %6.1f ns/query\n", metrics_only);
    std::printf("blocked answer, counters + hit statistics:     %6.1f ns/query\n", with_hits);
    std::printf("the /metrics counters of one blocked query:     %6.1f ns (%.1f%% of the answer)\n",
                alone, 100.0 * alone / metrics_only);
    std::printf("ratio with hit statistics / without:            %6.3f\n",
                with_hits / metrics_only);
    std::printf("ratio without the /metrics counters (estimate): %6.3f\n",
                (metrics_only - alone) / metrics_only);
    std::printf(
        "blocked answer, per-client log on:             %6.1f ns/query (ratio to counters only "
        "%.3f)\n",
        with_client_log, with_client_log / metrics_only);
    std::printf("50,000 distinct entries, 1,024 clients (queries in runs of 3):\n");
    std::printf("  hit statistics off:                          %6.1f ns/query\n", distinct_off);
    std::printf(
        "  hit statistics on:                           %6.1f ns/query (ratio %.3f, %+.1f ns per "
        "hit)\n",
        distinct_on, distinct_on / distinct_off, distinct_on - distinct_off);
    return 0;
}
