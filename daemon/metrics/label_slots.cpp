#include "daemon/metrics/label_slots.hpp"

namespace roja::metrics {

LabelSlots::LabelSlots(std::size_t capacity, Labels overflow)
    : overflow_(std::move(overflow)), by_slot_(capacity) {}

Slot LabelSlots::slot(const Labels& labels) {
    std::lock_guard lock(mutex_);
    if (const auto found = slots_.find(labels); found != slots_.end()) return found->second;
    const std::size_t overflow = by_slot_.size() - 1;
    if (next_ >= overflow) {
        by_slot_[overflow] = overflow_;
        return static_cast<Slot>(overflow);
    }
    const auto slot = static_cast<Slot>(next_++);
    slots_.emplace(labels, slot);
    by_slot_[slot] = labels;
    return slot;
}

std::vector<Labels> LabelSlots::labels() const {
    std::lock_guard lock(mutex_);
    return by_slot_;
}

MetricSlots& metric_slots() {
    static MetricSlots slots;
    return slots;
}

}  // namespace roja::metrics
