// Forwarding to the configured upstream resolvers for one worker (one single-threaded
// io_context: no locks). Tries servers in health order over pooled UDP sockets, sends again
// when a try's RTT-derived timeout passes (within a retry budget), coalesces identical queries,
// caps load.
#pragma once

#include "daemon/upstream/pending_exchange.hpp"
#include "daemon/upstream/query_id_table.hpp"
#include "daemon/upstream/retry_budget.hpp"
#include "daemon/upstream/server_health.hpp"
#include "daemon/upstream/upstream_counters.hpp"
#include "daemon/upstream/upstream_exchange.hpp"
#include "daemon/upstream/upstream_options.hpp"
#include "daemon/upstream/upstream_result.hpp"
#include "daemon/upstream/upstream_server_stats.hpp"
#include "daemon/upstream/upstream_socket_set.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace roja::upstream {

class UpstreamPool {
  public:
    UpstreamPool(boost::asio::io_context& io, UpstreamOptions options);
    ~UpstreamPool();
    UpstreamPool(const UpstreamPool&) = delete;
    UpstreamPool& operator=(const UpstreamPool&) = delete;

    // `query` is a complete query message (one uncompressed question; the ID is overwritten on a
    // copy); it must stay valid until the first suspension, as with any co_awaited argument.
    // Never throws for a network failure: the status says what happened. Identical queries in
    // flight (coalescing_key) share one upstream query. Cancelling it ends it early (timeout).
    boost::asio::awaitable<UpstreamResult> resolve(std::span<const std::uint8_t> query);
    // The same with the caller's own coalescing key (e.g. its cache key).
    boost::asio::awaitable<UpstreamResult> resolve(std::span<const std::uint8_t> query,
                                                   std::string key);

    // Read on the worker's thread (post to its io_context to copy them from elsewhere).
    const UpstreamCounters& counters() const noexcept { return counters_; }
    const HealthTable& health() const noexcept { return health_; }
    std::size_t outstanding() const noexcept { return outstanding_; }
    // (socket, ID) pairs waiting for a reply, over every socket of the pool.
    std::size_t ids_in_flight() const noexcept;
    // Readable from any thread (relaxed counters), by position in options().servers.
    const UpstreamServerStats& server_stats(std::size_t server) const noexcept {
        return server_stats_[server];
    }
    const UpstreamOptions& options() const noexcept { return options_; }

  private:
    struct InFlight;
    class Attempt;

    boost::asio::awaitable<UpstreamResult> follow(std::shared_ptr<InFlight> leader);
    boost::asio::awaitable<UpstreamResult> lead(std::vector<std::uint8_t> query, std::string key);
    boost::asio::awaitable<UpstreamResult> try_servers(std::vector<std::uint8_t>& query);
    // Sends the plan's next try; false when the plan or the retry budget allows none.
    bool send_next(Attempt& attempt, std::vector<std::uint8_t>& query);
    // What a try's reply means for the query: its answer, or nothing yet (go on).
    boost::asio::awaitable<std::optional<UpstreamResult>> settle(Attempt& attempt, TryResult done,
                                                                 std::vector<std::uint8_t>& query);
    void record_timeout(std::size_t server);
    void count_retransmit_outcome(const Attempt& attempt, std::optional<std::size_t> answered_by);

    boost::asio::io_context& io_;
    UpstreamOptions options_;
    HealthTable health_;
    QueryIdTable ids_;
    UpstreamCounters counters_;
    std::unique_ptr<UpstreamServerStats[]> server_stats_;
    RetryBudget budget_;
    SocketShared shared_;
    std::vector<std::unique_ptr<UpstreamSocketSet>> sockets_;  // by server
    std::size_t outstanding_ = 0;
    std::unordered_map<std::string, std::shared_ptr<InFlight>> in_flight_;
};

}  // namespace roja::upstream
