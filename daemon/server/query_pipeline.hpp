// The one place a query's path is laid out (see handle()): decode → access → decide → blocked
// answer | cache | upstream → answer → count. Each worker owns one pipeline, used only from its
// own thread: no locks. The blocked and cache-hit paths allocate nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include "daemon/cache/answer_cache.hpp"
#include "daemon/server/block_answer.hpp"
#include "daemon/server/reply_path.hpp"
#include "daemon/server/state_holder.hpp"
#include "daemon/server/worker_counters.hpp"
#include "daemon/upstream/upstream_pool.hpp"
#include "daemon/wire/query_view.hpp"

namespace roja::server {

struct Arrival {
    std::span<const std::uint8_t> packet;
    boost::asio::ip::address client;
    bool tcp = false;
};

struct Handled {
    std::size_t length = 0;  // answer bytes in `out` to send now
    bool later = false;      // an upstream exchange will answer through the ReplyPath
};

class QueryPipeline {
  public:
    QueryPipeline(boost::asio::io_context& io, const StateHolder& states,
                  cache::CacheLimits cache_limits, upstream::UpstreamOptions upstream_options,
                  WorkerCounters& counters);

    // `reply_path` is only called when the answer must wait for an upstream.
    template <class MakeReplyPath>
    Handled handle(const Arrival& arrival, std::span<std::uint8_t> out,
                   MakeReplyPath&& reply_path) {
        Handled handled = answer_now(arrival, out);
        if (handled.later) start_upstream(reply_path());
        return handled;
    }

    const cache::AnswerCache& cache() const noexcept { return cache_; }
    const upstream::UpstreamPool& upstreams() const noexcept { return upstreams_; }

  private:
    struct Pending;

    Handled answer_now(const Arrival& arrival, std::span<std::uint8_t> out);
    std::optional<std::size_t> answer_url_filter(const wire::QueryView& query,
                                                 std::span<std::uint8_t> out, std::size_t limit,
                                                 const ServingState& state);
    std::size_t answer_refused(const wire::QueryView& query, std::span<std::uint8_t> out,
                               std::size_t limit);
    // The cached answer's length, or nothing on a miss.
    std::optional<std::size_t> answer_from_cache(const wire::QueryView& query,
                                                 std::span<std::uint8_t> out, std::size_t limit);
    void start_upstream(ReplyPath path);
    boost::asio::awaitable<void> resolve(std::shared_ptr<Pending> pending, ReplyPath path);
    std::size_t answer_upstream_reply(Pending& pending, std::vector<std::uint8_t>& reply,
                                      std::vector<std::uint8_t>& out, bool& failed);
    std::size_t answer_failure(Pending& pending, std::vector<std::uint8_t>& out,
                               std::uint16_t ede_code);
    boost::asio::awaitable<std::size_t> answer_safe_search(Pending& pending,
                                                           std::vector<std::uint8_t>& out);
    void sync_state();
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
    std::uint64_t state_serial_ = 0;
    cache::AnswerCache cache_;
    upstream::UpstreamPool upstreams_;
    WorkerCounters& counters_;
    BlockAnswerWriter blocked_;
    wire::QueryView query_;                  // the query being decoded: reused, it is large
    std::shared_ptr<Pending> next_pending_;  // filled by answer_now() for start_upstream()
};

}  // namespace roja::server
