#include "daemon/feed/fetch_backoff.hpp"

#include <algorithm>

namespace roja::feed {

BackoffSchedule::BackoffSchedule(std::chrono::milliseconds base,
                                 std::chrono::milliseconds cap) noexcept
    : base_(std::max(base, std::chrono::milliseconds(1))), cap_(std::max(cap, base_)) {}

std::chrono::milliseconds BackoffSchedule::ceiling(unsigned attempt) const noexcept {
    // Double step by step and stop at the cap, so a large attempt number cannot overflow.
    std::chrono::milliseconds value = base_;
    for (unsigned i = 0; i < attempt && value < cap_; ++i)
        value = value > cap_ / 2 ? cap_ : value * 2;
    return std::min(value, cap_);
}

std::chrono::milliseconds BackoffSchedule::delay(unsigned attempt, double unit) const noexcept {
    const auto top = ceiling(attempt);
    const double clamped = std::clamp(unit, 0.0, 1.0);
    const auto half = top.count() / 2;
    const auto jitter =
        static_cast<std::int64_t>(clamped * static_cast<double>(top.count() - half));
    return std::chrono::milliseconds(half + jitter);
}

}  // namespace roja::feed
