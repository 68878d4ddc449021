// Tries of one query: registration with their sockets, and the result the resolve will take.
#include "daemon/upstream/pending_exchange.hpp"

#include "daemon/upstream/upstream_socket.hpp"

#include <utility>

namespace roja::upstream {
namespace {

using Clock = std::chrono::steady_clock;

// Which of two results the resolve should see: an answer beats everything, a network error
// nothing.
int rank(TryStatus status) noexcept {
    switch (status) {
        case TryStatus::answered:
            return 4;
        case TryStatus::truncated:
            return 3;
        case TryStatus::error_rcode:
            return 2;
        case TryStatus::timeout:
            return 1;
        case TryStatus::network_error:
            return 0;
    }
    return 0;
}

}  // namespace

PendingExchange::~PendingExchange() {
    const auto until = Clock::now() + reserve_ids_for_;
    for (SentTry& sent : tries_)
        if (sent.socket) sent.socket->forget(sent.id, until);
}

std::size_t PendingExchange::add(SentTry sent) {
    tries_.push_back(std::move(sent));
    return tries_.size() - 1;
}

bool PendingExchange::has_tries_waiting() const noexcept {
    for (const SentTry& sent : tries_)
        if (sent.socket) return true;
    return false;
}

void PendingExchange::complete(std::size_t index, std::span<const std::uint8_t> reply,
                               UpstreamCounters& counters) {
    SentTry& sent = tries_[index];
    sent.socket.reset();
    const auto rtt =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent.sent_at);
    const TryStatus status = classify_reply(reply, counters, true);
    offer({TryOutcome{status, {reply.begin(), reply.end()}, rtt}, index});
}

void PendingExchange::fail(std::size_t index) {
    tries_[index].socket.reset();
    offer({TryOutcome{TryStatus::network_error, {}, {}}, index});
}

void PendingExchange::offer(TryResult result) {
    if (!result_ || rank(result.outcome.status) > rank(result_->outcome.status))
        result_ = std::move(result);
    wake_.cancel();
}

std::optional<TryResult> PendingExchange::take() noexcept {
    return std::exchange(result_, std::nullopt);
}

}  // namespace roja::upstream
