// rate_limit turned into what one worker's pipeline needs: its table's share of the limit, what
// an over-limit client gets, and who is exempt. Fixed at start-up.
#pragma once

#include <cstdint>

#include "config/config.hpp"
#include "daemon/server/client_rate_limiter.hpp"
#include "filter/prefix_map.hpp"

namespace roja::server {

struct RateLimitSettings {
    bool enabled = false;
    ClientRateLimiter::Settings table;
    config::RateLimitAction action = config::RateLimitAction::drop;
    std::uint32_t slip = 2;             // every slip-th over-limit UDP query gets TC=1; 0 = never
    filter::PrefixMap exempt;           // consulted only for a client over its limit
    std::uint32_t max_outstanding = 0;  // upstream queries in flight per prefix; 0 = no cap
};

// Each of `workers` workers gets qps / workers, burst / workers and max_outstanding / workers
// (at least 1 each): SO_REUSEPORT
// spreads a client's source ports over the workers, so its total stays near the limit, while
// a flood from one fixed port meets a single worker's share.
RateLimitSettings rate_limit_settings(const config::RateLimitConfig& config, unsigned workers);

}  // namespace roja::server
