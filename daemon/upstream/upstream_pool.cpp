// The forwarding policy: coalesce, cap, order servers by health, UDP try per server with a TCP
// retry on TC=1, until an answer, the last server or the deadline.
#include "daemon/upstream/upstream_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <optional>
#include <utility>

namespace roja::upstream {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

UpstreamResult status_only(UpstreamStatus status, UpstreamStatus last_error = UpstreamStatus::ok) {
    UpstreamResult result;
    result.status = status;
    result.last_error = last_error;
    return result;
}

UpstreamResult answer_from(const UpstreamServer& server, TryOutcome&& outcome) {
    UpstreamResult result;
    result.status = UpstreamStatus::ok;
    result.reply = std::move(outcome.reply);
    result.server = server;
    result.rtt = outcome.rtt;
    result.via_tcp = outcome.via_tcp;
    return result;
}

// Runs `action` when the scope ends, also when the coroutine frame is destroyed mid-flight
// (io_context shut down), so that no stale in-flight record is left for later callers.
template <class F>
class ScopeExit {
  public:
    explicit ScopeExit(F action) : action_(std::move(action)) {}
    ~ScopeExit() { action_(); }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

  private:
    F action_;
};

}  // namespace

// One upstream query that later identical callers wait on. The timer never expires: it is an
// event, cancelled by the leader once `result` is set (or when the leader goes away without one).
struct UpstreamPool::InFlight {
    explicit InFlight(asio::io_context& io) : done(io, asio::steady_timer::time_point::max()) {}

    asio::steady_timer done;
    std::optional<UpstreamResult> result;
    std::size_t followers = 0;
};

UpstreamPool::UpstreamPool(asio::io_context& io, UpstreamOptions options)
    : io_(io),
      options_(std::move(options)),
      health_(options_.servers.size(), options_.backoff_initial, options_.backoff_max),
      server_stats_(std::make_unique<UpstreamServerStats[]>(options_.servers.size())) {}

UpstreamPool::~UpstreamPool() = default;

asio::awaitable<UpstreamResult> UpstreamPool::resolve(std::span<const std::uint8_t> query) {
    auto key = coalescing_key(query);
    if (!key) {
        co_return status_only(UpstreamStatus::invalid_query);
    }
    co_return co_await resolve(query, std::move(*key));
}

asio::awaitable<UpstreamResult> UpstreamPool::resolve(std::span<const std::uint8_t> query,
                                                      std::string key) {
    if (!parse_question(query)) {
        co_return status_only(UpstreamStatus::invalid_query);
    }
    if (const auto found = in_flight_.find(key); found != in_flight_.end()) {
        co_return co_await follow(found->second);
    }
    // Refuse rather than queue: a dead upstream must not turn into unbounded memory and sockets.
    if (outstanding_ >= options_.max_outstanding) {
        ++counters_.overloaded;
        co_return status_only(UpstreamStatus::overloaded);
    }
    co_return co_await lead(std::vector<std::uint8_t>(query.begin(), query.end()), std::move(key));
}

asio::awaitable<UpstreamResult> UpstreamPool::follow(std::shared_ptr<InFlight> leader) {
    ++counters_.coalesced;
    ++leader->followers;
    co_await leader->done.async_wait(kNoThrow);
    if (!leader->result) {  // the leader went away, or this caller was cancelled
        co_return status_only(UpstreamStatus::timeout);
    }
    UpstreamResult result = *leader->result;
    result.coalesced = true;
    co_return result;
}

asio::awaitable<UpstreamResult> UpstreamPool::lead(std::vector<std::uint8_t> query,
                                                   std::string key) {
    auto record = std::make_shared<InFlight>(io_);
    in_flight_.emplace(key, record);
    ++outstanding_;
    const ScopeExit done([this, &key, &record] {
        --outstanding_;
        in_flight_.erase(key);
        record->done.cancel();  // wakes the followers; they copy record->result
    });
    UpstreamResult result = co_await try_servers(query);
    if (record->followers > 0) {
        record->result = result;
    }
    co_return result;
}

asio::awaitable<UpstreamResult> UpstreamPool::try_servers(std::vector<std::uint8_t>& query) {
    const auto deadline = Clock::now() + options_.deadline;
    UpstreamResult failed = status_only(UpstreamStatus::all_failed, UpstreamStatus::network_error);
    std::optional<UpstreamResult> error_reply;  // SERVFAIL/REFUSED: kept in case nobody does better
    for (const std::size_t server : health_.try_order(Clock::now())) {
        const auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
        if (Clock::now() >= deadline || cancelled != asio::cancellation_type::none) {
            failed.status = UpstreamStatus::timeout;
            break;
        }
        TryOutcome outcome = co_await try_server(server, query, deadline);
        if (outcome.status == TryStatus::answered) {
            co_return answer_from(options_.servers[server], std::move(outcome));
        }
        if (outcome.status == TryStatus::error_rcode) {
            error_reply = answer_from(options_.servers[server], std::move(outcome));
            continue;
        }
        failed.last_error = outcome.status == TryStatus::timeout ? UpstreamStatus::timeout
                                                                 : UpstreamStatus::network_error;
    }
    if (error_reply) {
        co_return std::move(*error_reply);
    }
    ++counters_.all_failed;
    co_return failed;
}

asio::awaitable<TryOutcome> UpstreamPool::try_server(std::size_t server,
                                                     std::vector<std::uint8_t>& query,
                                                     Deadline deadline) {
    const UpstreamServer& target = options_.servers[server];
    const ExchangeContext context{ids_, counters_};
    const auto try_deadline = std::min(deadline, Clock::now() + options_.try_timeout);
    TryOutcome outcome =
        co_await udp_exchange({target.address, target.port}, query, context, try_deadline);
    if (outcome.status == TryStatus::truncated) {  // RFC 7766: the whole answer comes over TCP
        ++counters_.tc_retries;
        const auto tcp_deadline = std::min(deadline, Clock::now() + options_.tcp_timeout);
        outcome =
            co_await tcp_exchange({target.address, target.port}, query, context, tcp_deadline);
    }
    server_stats_[server].record(outcome);
    if (outcome.status == TryStatus::answered || outcome.status == TryStatus::error_rcode) {
        health_.record_success(server, outcome.rtt);
    } else {
        health_.record_failure(server, Clock::now());
    }
    co_return outcome;
}

}  // namespace roja::upstream
