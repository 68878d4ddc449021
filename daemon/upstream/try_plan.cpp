// Round-robin over the health order, with positions counted past the end of the first round.
#include "daemon/upstream/try_plan.hpp"

#include <utility>

namespace roja::upstream {

TryPlan::TryPlan(ServerOrder order) : order_(std::move(order)), given_up_(order_.size(), false) {}

std::optional<std::size_t> TryPlan::next_position() const noexcept {
    for (std::size_t k = next_; k < next_ + order_.size(); ++k)
        if (!given_up_[k % order_.size()]) return k;
    return std::nullopt;
}

std::optional<std::size_t> TryPlan::peek() const noexcept {
    const auto position = next_position();
    if (!position) return std::nullopt;
    return order_[*position % order_.size()];
}

bool TryPlan::next_is_repeat() const noexcept {
    const auto position = next_position();
    return position && *position >= order_.size();
}

void TryPlan::advance() noexcept {
    const auto position = next_position();
    if (!position) return;
    if (*position >= order_.size()) ++repeats_;
    next_ = *position + 1;
}

void TryPlan::give_up(std::size_t server) noexcept {
    for (std::size_t i = 0; i < order_.size(); ++i)
        if (order_[i] == server) given_up_[i] = true;
}

}  // namespace roja::upstream
