// Health bookkeeping: EWMA with weight 1/8 and variance with weight 1/4 (as TCP's SRTT and RTTVAR,
// RFC 6298, and Unbound), exponential back-off.
#include "daemon/upstream/server_health.hpp"

#include <algorithm>

namespace roja::upstream {

HealthTable::HealthTable(std::size_t servers, std::chrono::milliseconds backoff_initial,
                         std::chrono::milliseconds backoff_max)
    : servers_(servers), backoff_initial_(backoff_initial), backoff_max_(backoff_max) {}

// An insertion sort, stable: a handful of servers, and no temporary buffer such as
// std::stable_sort allocates on every call.
ServerOrder HealthTable::try_order(Clock::time_point now) const {
    const auto goes_before = [this, now](std::size_t a, std::size_t b) {
        const ServerHealth& x = servers_[a];
        const ServerHealth& y = servers_[b];
        const bool x_down = x.down_until > now;
        if (x_down != (y.down_until > now)) return !x_down;
        if (x_down) return x.down_until < y.down_until;
        return x.srtt.value_or(std::chrono::microseconds{0}) <
               y.srtt.value_or(std::chrono::microseconds{0});
    };
    ServerOrder order;
    for (std::size_t i = 0; i < servers_.size(); ++i) {
        auto at = order.end();
        while (at != order.begin() && goes_before(i, *(at - 1))) --at;
        order.insert(at, i);
    }
    return order;
}

void HealthTable::record_success(std::size_t server, std::chrono::microseconds rtt) {
    ServerHealth& s = servers_.at(server);
    if (s.srtt) {
        const auto deviation = rtt > *s.srtt ? rtt - *s.srtt : *s.srtt - rtt;
        s.rttvar = (s.rttvar * 3 + deviation) / 4;
        s.srtt = (*s.srtt * 7 + rtt) / 8;
    } else {
        s.srtt = rtt;
        s.rttvar = rtt / 2;
    }
    s.consecutive_failures = 0;
    s.down_until = {};
}

std::chrono::microseconds HealthTable::try_timeout(std::size_t server,
                                                   std::chrono::microseconds floor,
                                                   std::chrono::microseconds ceiling) const {
    const ServerHealth& s = servers_.at(server);
    if (!s.srtt) return std::min<std::chrono::microseconds>(std::chrono::seconds{1}, ceiling);
    return std::clamp(*s.srtt + 4 * s.rttvar, floor, std::max(floor, ceiling));
}

void HealthTable::record_failure(std::size_t server, Clock::time_point now) {
    ServerHealth& s = servers_.at(server);
    s.consecutive_failures = std::min<std::uint32_t>(s.consecutive_failures + 1, 32);
    auto backoff = std::chrono::milliseconds{backoff_initial_};
    for (std::uint32_t i = 1; i < s.consecutive_failures && backoff < backoff_max_; ++i) {
        backoff *= 2;
    }
    s.down_until = now + std::min(backoff, backoff_max_);
}

}  // namespace roja::upstream
