#include "daemon/metrics/zone_transfer_counters.hpp"

namespace roja::metrics {

void ZoneTransferCounters::count_refresh(std::string_view zone, std::string_view outcome) {
    std::lock_guard lock(mutex_);
    ++refreshes_[{std::string(zone), std::string(outcome)}];
}

void ZoneTransferCounters::count_notify(std::string_view zone, std::string_view outcome) {
    std::lock_guard lock(mutex_);
    ++notifies_[{std::string(zone), std::string(outcome)}];
}

void ZoneTransferCounters::set_zone(std::string_view zone, const SecondaryZoneFigures& figures) {
    std::lock_guard lock(mutex_);
    zones_[std::string(zone)] = figures;
}

SecondaryZoneFigures ZoneTransferCounters::zone(std::string_view zone) const {
    std::lock_guard lock(mutex_);
    const auto found = zones_.find(zone);
    return found == zones_.end() ? SecondaryZoneFigures{} : found->second;
}

std::map<ZoneTransferCounters::Key, std::uint64_t> ZoneTransferCounters::refreshes() const {
    std::lock_guard lock(mutex_);
    return refreshes_;
}

std::map<ZoneTransferCounters::Key, std::uint64_t> ZoneTransferCounters::notifies() const {
    std::lock_guard lock(mutex_);
    return notifies_;
}

std::map<std::string, SecondaryZoneFigures> ZoneTransferCounters::zones() const {
    std::lock_guard lock(mutex_);
    return {zones_.begin(), zones_.end()};
}

ZoneTransferCounters& zone_transfer_counters() {
    static ZoneTransferCounters counters;
    return counters;
}

}  // namespace roja::metrics
