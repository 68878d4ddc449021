// When to retry a failed fetch: exponential backoff with jitter, capped. Pure, so tests need no
// clock and no sleeping; the caller supplies the random source.
#pragma once

#include <chrono>
#include <concepts>
#include <cstdint>
#include <random>

namespace roja::feed {

class BackoffSchedule {
  public:
    // The n-th retry waits about base * 2^n, never more than cap.
    BackoffSchedule(std::chrono::milliseconds base, std::chrono::milliseconds cap) noexcept;

    // The ceiling for retry `attempt` (0 = first retry), before jitter.
    std::chrono::milliseconds ceiling(unsigned attempt) const noexcept;

    // "Equal jitter": uniform in [ceiling/2, ceiling], so many subscribers that failed together
    // spread out, yet nobody retries almost at once. `unit` is in [0, 1).
    std::chrono::milliseconds delay(unsigned attempt, double unit) const noexcept;

    template <std::uniform_random_bit_generator Random>
    std::chrono::milliseconds next_delay(unsigned attempt, Random& random) const {
        return delay(attempt, std::uniform_real_distribution<double>(0.0, 1.0)(random));
    }

  private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
};

}  // namespace roja::feed
