// Retrying a fetch: which failures are worth another try, and the loop that waits between tries
// by the BackoffSchedule. The wait is injected, so the feed thread can cut it short on shutdown
// and tests need no clock.
#pragma once

#include <chrono>
#include <functional>
#include <random>

#include "daemon/feed/fetch_backoff.hpp"
#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

// Transient failures: timeouts, network errors, 408, 429 and 5xx. A certificate problem, a
// refused scheme, an over-size body or a 404 will not heal by asking again within minutes.
bool is_retryable(const FetchResult& result) noexcept;

struct RetryPolicy {
    unsigned max_attempts = 4;  // including the first
    BackoffSchedule schedule{std::chrono::seconds(2), std::chrono::seconds(60)};
};

// Waits `delay`; false means "stop now" (shutdown), and the last result is returned.
using RetryWait = std::function<bool(std::chrono::milliseconds delay)>;

// Calls `attempt` until it gives a non-retryable result or max_attempts are used up.
FetchResult fetch_with_retries(const std::function<FetchResult()>& attempt,
                               const RetryPolicy& policy, std::mt19937_64& random,
                               const RetryWait& wait);

}  // namespace roja::feed
