// What rojad as an RPZ secondary counts, by zone (configured, so the labels stay bounded):
// refreshes by outcome (axfr, ixfr, up_to_date, or the failure), NOTIFY by outcome, and the
// zone in force. Bumped by the RPZ secondary thread, read by /metrics: a mutex, off the query path.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace roja::metrics {

struct SecondaryZoneFigures {
    std::uint32_t serial = 0;
    std::uint64_t records = 0;
    double last_success = 0;  // Unix time of the last refresh that reached the primary's serial
    bool has_zone = false;    // a version is enforced (transferred or from the state directory)
    bool is_expired = false;  // no refresh within the SOA expire time (the zone is still enforced)
};

class ZoneTransferCounters {
  public:
    using Key = std::pair<std::string, std::string>;  // zone, outcome

    void count_refresh(std::string_view zone, std::string_view outcome);
    void count_notify(std::string_view zone, std::string_view outcome);
    void set_zone(std::string_view zone, const SecondaryZoneFigures& figures);
    SecondaryZoneFigures zone(std::string_view zone) const;

    std::map<Key, std::uint64_t> refreshes() const;
    std::map<Key, std::uint64_t> notifies() const;
    std::map<std::string, SecondaryZoneFigures> zones() const;

  private:
    mutable std::mutex mutex_;
    std::map<Key, std::uint64_t> refreshes_, notifies_;
    std::map<std::string, SecondaryZoneFigures, std::less<>> zones_;
};

// The process's counters.
ZoneTransferCounters& zone_transfer_counters();

}  // namespace roja::metrics
