#include "daemon/feed/fetch_retry.hpp"

namespace roja::feed {

bool is_retryable(const FetchResult& result) noexcept {
    switch (result.outcome) {
        case FetchOutcome::timeout:
        case FetchOutcome::network_error:
            return true;
        case FetchOutcome::http_error:
            return result.http_status == 408 || result.http_status == 429 ||
                   result.http_status >= 500;
        default:
            return false;
    }
}

FetchResult fetch_with_retries(const std::function<FetchResult()>& attempt,
                               const RetryPolicy& policy, std::mt19937_64& random,
                               const RetryWait& wait) {
    FetchResult result = attempt();
    for (unsigned retry = 0; retry + 1 < policy.max_attempts && is_retryable(result); ++retry) {
        if (!wait(policy.schedule.next_delay(retry, random))) break;
        result = attempt();
    }
    return result;
}

}  // namespace roja::feed
