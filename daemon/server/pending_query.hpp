// A query waiting for an upstream: a copy of everything the answer needs, since the receive
// buffer and the worker's decode slot are reused at once. Allocated on the miss path only.
#pragma once

#include <memory>
#include <optional>

#include "daemon/server/query_pipeline.hpp"

namespace roja::server {

struct QueryPipeline::Pending {
    Pending(const wire::QueryView& q, filter::GroupIndex g, std::size_t l, bool t,
            std::shared_ptr<const ServingState> s)
        : query(q), group(g), limit(l), tcp(t), state(std::move(s)) {}

    wire::QueryView query;
    filter::GroupIndex group;
    std::size_t limit;
    bool tcp;
    bool prefetch = false;                      // a background refresh: nobody waits for its answer
    std::string_view safe_search_target;        // non-empty: answer with a CNAME to this endpoint
    std::shared_ptr<const ServingState> state;  // the snapshot the query was decided with
    boost::asio::ip::address client;            // for the hit statistics' distinct-client sketch
    filter::Verdict verdict;                    // the policy's, or the answer inspector's block
    ZoneRoute route;                            // which upstreams; whether the answer is cached
    std::optional<std::uint64_t> outstanding_key;  // counted in rate_limit.max_outstanding
    stats::ClientAnswer answer = stats::ClientAnswer::upstream;  // for the per-client log
};

}  // namespace roja::server
