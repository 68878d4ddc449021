// How many times queries may be sent again: earned by answers, spent by retransmits (the token
// bucket of gRPC's retry throttling, refilled by successes rather than by time).
#pragma once

#include <algorithm>

namespace roja::upstream {

class RetryBudget {
  public:
    // Starts empty: the first retransmits are paid for by the first answers.
    RetryBudget(double ratio, double burst) noexcept : ratio_(ratio), burst_(burst) {}

    void on_answer() noexcept { tokens_ = std::min(burst_, tokens_ + ratio_); }

    // True (and one token spent) when a retransmit may go out now.
    bool try_spend() noexcept {
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    double tokens() const noexcept { return tokens_; }

  private:
    double ratio_;
    double burst_;
    double tokens_ = 0;
};

}  // namespace roja::upstream
