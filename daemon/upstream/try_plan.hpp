// Where the next try of one query goes: each server once in health order, then round again from
// the top (retransmits), skipping the servers that already failed this query for good (an error
// RCODE, an ICMP refusal). No I/O and no clock: the pool decides when and whether to send.
#pragma once

#include "daemon/upstream/server_health.hpp"

#include <cstddef>
#include <optional>

namespace roja::upstream {

class TryPlan {
  public:
    explicit TryPlan(ServerOrder order);

    // The next server, or none when every server has failed this query for good.
    std::optional<std::size_t> peek() const noexcept;
    // True when the next try would be a server's second or later try for this query.
    bool next_is_repeat() const noexcept;
    void advance() noexcept;
    void give_up(std::size_t server) noexcept;
    // Tries so far that were a server's second or later (they double the try's timeout).
    std::size_t repeats() const noexcept { return repeats_; }

  private:
    std::optional<std::size_t> next_position() const noexcept;

    ServerOrder order_;
    boost::container::small_vector<bool, 8> given_up_;  // by position in order_
    std::size_t next_ = 0;  // position, counting on past the end for later rounds
    std::size_t repeats_ = 0;
};

}  // namespace roja::upstream
