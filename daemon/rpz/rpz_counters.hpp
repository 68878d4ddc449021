// What the RPZ export did, for /metrics: written on the RPZ thread, read by the admin listener at
// scrape time. A mutex, not atomics: neither side is on the query path, and the figures are keyed
// by zone, kind and consumer, which a flat array of atomics cannot hold.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace roja::rpz {

struct ZoneVersion;

struct RpzZoneFigures {
    std::uint32_t serial = 0;
    std::uint64_t triggers = 0, records = 0, not_expressible = 0, too_long = 0;
    std::uint64_t versions = 0;  // versions built since start
};

// kind: axfr, ixfr or soa. outcome: full, incremental, current, answered (SOA), aborted, or why
// it was refused (not_allowed, no_key, badkey, badsig, badtime, wrong_key, unknown_zone, notimp).
struct TransferKey {
    std::string zone, kind, outcome;
    auto operator<=>(const TransferKey&) const = default;
};

struct TransferFigures {
    std::uint64_t count = 0, bytes = 0;
};

// A consumer is named by what the operator configured, never by an address it did not write
// down: the TSIG key it signed with, else its address when the zone NOTIFYs that address, else
// `_unsigned`.
struct ConsumerKey {
    std::string zone, consumer;
    auto operator<=>(const ConsumerKey&) const = default;
};

struct ConsumerFigures {
    std::uint32_t serial = 0;    // the serial it holds: transferred, or the one its IXFR named
    std::int64_t unix_time = 0;  // when rojad last learnt it
};

struct NotifyKey {
    std::string zone, outcome;  // outcome: sent, acknowledged, failed
    auto operator<=>(const NotifyKey&) const = default;
};

struct RpzFigures {
    std::map<std::string, RpzZoneFigures> zones;
    std::map<TransferKey, TransferFigures> transfers;
    std::map<ConsumerKey, ConsumerFigures> consumers;
    std::map<NotifyKey, std::uint64_t> notifies;
};

class RpzCounters {
  public:
    void zone_built(const ZoneVersion& version);
    void transfer(std::string_view zone, std::string_view kind, std::string_view outcome,
                  std::uint64_t bytes);
    void consumer_holds(const ConsumerKey& consumer, std::uint32_t serial);
    void notify(std::string_view zone, std::string_view outcome);

    RpzFigures snapshot() const;

  private:
    mutable std::mutex mutex_;
    RpzFigures figures_;
};

}  // namespace roja::rpz
