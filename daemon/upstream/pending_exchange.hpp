// One query's UDP tries in flight, on one or several sockets and servers: a usable reply to any of
// them (or a network error) completes it. The resolve sleeps on `wake`, a timer that bounds the
// current try and that a completion cancels: one timer and no coroutine frame per try.
#pragma once

#include "daemon/upstream/dns_question.hpp"
#include "daemon/upstream/upstream_counters.hpp"
#include "daemon/upstream/upstream_exchange.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/container/small_vector.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace roja::upstream {

class UpstreamSocket;

struct SentTry {
    std::shared_ptr<UpstreamSocket> socket;  // null once the try has its reply or its error
    std::uint16_t id = 0;
    std::size_t server = 0;
    std::chrono::steady_clock::time_point sent_at;
};

struct TryResult {
    TryOutcome outcome;
    std::size_t index = 0;  // which try of the exchange
};

class PendingExchange {
  public:
    PendingExchange(boost::asio::io_context& io, DnsQuestion question,
                    std::chrono::steady_clock::duration reserve_ids_for)
        : wake_(io), question_(question), reserve_ids_for_(reserve_ids_for) {}
    // Every try still waiting is handed back to its socket, which keeps its ID reserved a while
    // (a late reply is then known as late, and the pair is not reused under it).
    ~PendingExchange();
    PendingExchange(const PendingExchange&) = delete;
    PendingExchange& operator=(const PendingExchange&) = delete;

    std::size_t add(SentTry sent);
    const SentTry& at(std::size_t index) const { return tries_[index]; }
    std::size_t tries() const noexcept { return tries_.size(); }
    bool has_tries_waiting() const noexcept;
    const DnsQuestion& question() const noexcept { return question_; }
    boost::asio::steady_timer& wake() noexcept { return wake_; }

    // From the socket: the matched reply to try `index` (copied out of the socket's buffer), or
    // the socket's error. The best result so far is kept until the resolve takes it.
    void complete(std::size_t index, std::span<const std::uint8_t> reply,
                  UpstreamCounters& counters);
    void fail(std::size_t index);
    std::optional<TryResult> take() noexcept;

  private:
    void offer(TryResult result);

    boost::asio::steady_timer wake_;
    DnsQuestion question_;
    std::chrono::steady_clock::duration reserve_ids_for_;
    boost::container::small_vector<SentTry, 2> tries_;
    std::optional<TryResult> result_;
};

}  // namespace roja::upstream
