// The forwarding policy: coalesce, cap, order servers by health, UDP tries on pooled sockets with
// RTT-derived timeouts and retransmits, a TCP retry on TC=1, until an answer or the deadline.
#include "daemon/upstream/upstream_pool.hpp"

#include "daemon/upstream/try_plan.hpp"

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
      server_stats_(std::make_unique<UpstreamServerStats[]>(options_.servers.size())),
      budget_(options_.retry_ratio, options_.retry_burst),
      // Replies are never larger than the 64 KiB a UDP datagram can hold; one buffer per worker.
      shared_{std::vector<std::uint8_t>(65535), counters_, ids_} {
    for (const UpstreamServer& server : options_.servers)
        sockets_.push_back(std::make_unique<UpstreamSocketSet>(
            io_, asio::ip::udp::endpoint{server.address, server.port}, options_.sockets_per_server,
            options_.socket_lifetime, server.fresh_port, shared_));
}

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

// One query's progress over the servers: its tries in flight, where the next goes, and the best
// failure seen so far. Lives in the lead coroutine's frame for the whole resolve.
class UpstreamPool::Attempt {
  public:
    // The plan is built in place from the health table: a small_vector moved between frames
    // trips GCC 12's -Wstringop-overread.
    Attempt(asio::io_context& io, DnsQuestion question, const HealthTable& health,
            Clock::time_point now, Clock::time_point until,
            std::chrono::milliseconds reserve_ids_for)
        : exchange(io, question, reserve_ids_for), plan(health.try_order(now)), deadline(until) {}

    PendingExchange exchange;
    TryPlan plan;
    Clock::time_point deadline;
    Clock::time_point last_sent_at;
    std::chrono::microseconds last_timeout{0};
    std::size_t last_server = 0;
    bool is_out_of_budget = false;
    std::optional<UpstreamResult> error_reply;  // SERVFAIL/REFUSED, in case nobody does better
    UpstreamStatus last_error = UpstreamStatus::network_error;
};

std::size_t UpstreamPool::ids_in_flight() const noexcept {
    std::size_t total = 0;
    for (const auto& set : sockets_) total += set->waiting();
    return total;
}

// Send, wait for a reply or the try's timeout, and go on while the plan, the budget and the
// deadline allow. When nothing more may be sent, the last try still gets the full try_timeout:
// an upstream that is merely slow must not be cut short by the fast RTO of its usual answers.
// GCC 12 pairs this coroutine's frame allocation (asio's awaitable_frame_base::operator new) with
// the sized delete of its ramp's cleanup path and reports a mismatch that is not there.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
asio::awaitable<UpstreamResult> UpstreamPool::try_servers(std::vector<std::uint8_t>& query) {
    const auto now = Clock::now();
    Attempt attempt(io_, *parse_question(query), health_, now, now + options_.deadline,
                    options_.try_timeout);
    bool has_sent = send_next(attempt, query);
    while (has_sent || attempt.exchange.has_tries_waiting()) {
        const auto wait =
            has_sent ? attempt.last_timeout : std::chrono::microseconds{options_.try_timeout};
        attempt.exchange.wake().expires_at(std::min(attempt.deadline, attempt.last_sent_at + wait));
        co_await attempt.exchange.wake().async_wait(kNoThrow);
        if (auto done = attempt.exchange.take()) {
            auto answer = co_await settle(attempt, std::move(*done), query);
            if (answer) co_return std::move(*answer);
            has_sent = send_next(attempt, query);
            continue;
        }
        const auto cancelled = (co_await asio::this_coro::cancellation_state).cancelled();
        if (cancelled != asio::cancellation_type::none || Clock::now() >= attempt.deadline) {
            attempt.last_error = UpstreamStatus::timeout;
            break;
        }
        if (Clock::now() < attempt.exchange.wake().expiry()) continue;  // woken with nothing
        if (has_sent) {  // this try's own timeout passed: send again, or give it the rest
            record_timeout(attempt.last_server);
            attempt.last_error = UpstreamStatus::timeout;
            has_sent = send_next(attempt, query);
            if (has_sent) ++counters_.retransmits;
            continue;
        }
        break;  // the last try's full try_timeout passed too
    }
    count_retransmit_outcome(attempt, std::nullopt);
    if (attempt.error_reply) co_return std::move(*attempt.error_reply);
    ++counters_.all_failed;
    const bool timed_out = Clock::now() >= attempt.deadline;
    co_return status_only(timed_out ? UpstreamStatus::timeout : UpstreamStatus::all_failed,
                          attempt.last_error);
}
#pragma GCC diagnostic pop

bool UpstreamPool::send_next(Attempt& attempt, std::vector<std::uint8_t>& query) {
    for (;;) {
        const auto server = attempt.plan.peek();
        if (!server) return false;
        if (attempt.plan.next_is_repeat() && !budget_.try_spend()) {
            if (!attempt.is_out_of_budget) ++counters_.retransmits_unfunded;
            attempt.is_out_of_budget = true;
            return false;
        }
        const std::size_t repeats = attempt.plan.repeats();
        attempt.plan.advance();
        const auto now = Clock::now();
        auto socket = sockets_[*server]->pick(now);
        if (socket && (*socket)->send(query, attempt.exchange, *server, now)) {
            // RFC 6298 §5.5: each try sent again waits twice as long, up to the ceiling.
            const auto rto =
                health_.try_timeout(*server, options_.min_try_timeout, options_.try_timeout);
            attempt.last_timeout = std::min<std::chrono::microseconds>(
                rto * (1 << std::min<std::size_t>(repeats, 6)), options_.try_timeout);
            attempt.last_sent_at = now;
            attempt.last_server = *server;
            return true;
        }
        // Could not even send (no socket, no free ID, the kernel said no): next server.
        server_stats_[*server].record(TryOutcome{TryStatus::network_error, {}, {}});
        health_.record_failure(*server, now);
        attempt.plan.give_up(*server);
        attempt.last_error = UpstreamStatus::network_error;
    }
}

asio::awaitable<std::optional<UpstreamResult>> UpstreamPool::settle(
    Attempt& attempt, TryResult done, std::vector<std::uint8_t>& query) {
    const std::size_t server = attempt.exchange.at(done.index).server;
    TryOutcome& outcome = done.outcome;
    if (outcome.status == TryStatus::truncated) {  // RFC 7766: the whole answer comes over TCP
        ++counters_.tc_retries;
        const UpstreamServer& target = options_.servers[server];
        const auto tcp_deadline = std::min(attempt.deadline, Clock::now() + options_.tcp_timeout);
        outcome = co_await tcp_exchange({target.address, target.port}, query,
                                        ExchangeContext{ids_, counters_}, tcp_deadline);
    }
    server_stats_[server].record(outcome);
    if (outcome.status == TryStatus::answered) {
        health_.record_success(server, outcome.rtt);
        budget_.on_answer();
        count_retransmit_outcome(attempt, done.index);
        co_return answer_from(options_.servers[server], std::move(outcome));
    }
    attempt.plan.give_up(server);  // this server has had its say for this query
    if (outcome.status == TryStatus::error_rcode) {
        health_.record_success(server, outcome.rtt);
        attempt.error_reply = answer_from(options_.servers[server], std::move(outcome));
    } else {
        health_.record_failure(server, Clock::now());
        attempt.last_error = outcome.status == TryStatus::timeout ? UpstreamStatus::timeout
                                                                  : UpstreamStatus::network_error;
    }
    co_return std::nullopt;
}

void UpstreamPool::record_timeout(std::size_t server) {
    ++counters_.timeouts;
    server_stats_[server].record(TryOutcome{TryStatus::timeout, {}, {}});
    health_.record_failure(server, Clock::now());
}

void UpstreamPool::count_retransmit_outcome(const Attempt& attempt,
                                            std::optional<std::size_t> answered_by) {
    const std::size_t tries = attempt.exchange.tries();
    if (tries < 2) return;
    if (!answered_by)
        ++counters_.retransmit_failed;
    else if (*answered_by + 1 == tries)
        ++counters_.retransmit_answered;
    else
        ++counters_.late_answered;
}

}  // namespace roja::upstream
