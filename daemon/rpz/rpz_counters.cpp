#include "daemon/rpz/rpz_counters.hpp"

#include <chrono>

#include "daemon/rpz/zone_version.hpp"

namespace roja::rpz {

void RpzCounters::zone_built(const ZoneVersion& version) {
    const std::lock_guard lock(mutex_);
    RpzZoneFigures& zone = figures_.zones[version.config->name];
    zone.serial = version.serial;
    zone.triggers = version.counts.triggers;
    zone.records = version.counts.records;
    zone.not_expressible = version.counts.not_expressible;
    zone.too_long = version.counts.too_long;
    ++zone.versions;
}

void RpzCounters::transfer(std::string_view zone, std::string_view kind, std::string_view outcome,
                           std::uint64_t bytes) {
    const std::lock_guard lock(mutex_);
    TransferFigures& figures =
        figures_.transfers[{std::string(zone), std::string(kind), std::string(outcome)}];
    ++figures.count;
    figures.bytes += bytes;
}

void RpzCounters::consumer_holds(const ConsumerKey& consumer, std::uint32_t serial) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const std::lock_guard lock(mutex_);
    figures_.consumers[consumer] = {serial, now.count()};
}

void RpzCounters::notify(std::string_view zone, std::string_view outcome) {
    const std::lock_guard lock(mutex_);
    ++figures_.notifies[{std::string(zone), std::string(outcome)}];
}

RpzFigures RpzCounters::snapshot() const {
    const std::lock_guard lock(mutex_);
    return figures_;
}

}  // namespace roja::rpz
