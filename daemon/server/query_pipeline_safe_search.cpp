// The pipeline's SafeSearch path: resolve the engine's safe endpoint and answer the asked name
// with a CNAME to it plus its addresses.
#include "daemon/server/pending_query.hpp"
#include "daemon/server/query_pipeline.hpp"
#include "daemon/server/safe_search_answer.hpp"
#include "daemon/wire/upstream_query.hpp"

namespace roja::server {

boost::asio::awaitable<std::size_t> QueryPipeline::answer_safe_search(
    Pending& pending, std::vector<std::uint8_t>& out) {
    const wire::QueryView target = retarget(pending.query, pending.safe_search_target);
    std::vector<std::uint8_t> query(512 + wire::kMaxNameOctets);
    const auto length = wire::write_upstream_query(target, 0, query, pending.state->udp_payload);
    if (!length) co_return answer_failure(pending, out, wire::ede::kOther);
    auto result = co_await upstreams_.resolve({query.data(), *length});
    EndpointAddresses addresses;
    wire::ReplyView view;
    if (result.status != upstream::UpstreamStatus::ok ||
        !wire::walk_message(result.reply, view, &addresses) || !view.answers(target)) {
        co_return answer_failure(pending, out,
                                 wire::ede::kNetworkError);  // counts servfail or stale itself
    }
    out.resize(wire::kMaxMessageSize);
    const auto ttl = static_cast<std::uint32_t>(pending.state->safesearch_ttl);
    const std::size_t written = write_safe_search_answer(
        out, pending.limit, pending.query, pending.safe_search_target, ttl, addresses,
        view.has_answer_ttl ? view.min_answer_ttl : ttl, pending.state->udp_payload);
    if (written == 0) co_return answer_failure(pending, out, wire::ede::kOther);
    counters_.answered_safe_search.add();
    pending.answer = stats::ClientAnswer::safe_search;
    co_return written;
}

}  // namespace roja::server
