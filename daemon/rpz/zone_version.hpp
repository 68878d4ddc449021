// One version of an exported zone: the serving state it reads (held, so the policy outlives
// every transfer of it), which of its lists make the zone, the serial, and what one full walk
// counted. Immutable once built; a transfer holds a shared_ptr to it for its whole length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/rpz/xfr_message.hpp"
#include "daemon/rpz/zone_walk.hpp"
#include "daemon/server/serving_state.hpp"

namespace roja::rpz {

struct ZoneCounts {
    std::size_t triggers = 0;         // owners, `name` and `*.name` counted apart
    std::size_t ip_triggers = 0;      // of which rpz-ip
    std::size_t passthru = 0;         // of which allow (rpz-passthru.)
    std::size_t records = 0;          // resource records, apex SOA and NS not counted
    std::size_t not_expressible = 0;  // URL and SNI entries of the zone's lists
    std::size_t too_long = 0;         // triggers left out: owner over 255 octets
    std::uint64_t digest = 0;         // order-free sum over the records: "did the content change"
    std::vector<std::string> too_long_names;  // the first few, for the log
};

struct ZoneVersion {
    const config::RpzZoneConfig* config = nullptr;  // lives as long as the exporter
    std::shared_ptr<const server::ServingState> state;
    ZoneShape shape;
    ZoneWireForm wire_form;
    ZoneCounts counts;
    std::uint32_t serial = 0;
    // A zone of exactly one feed: the feed version it carries (its serial may run ahead of it,
    // see ZoneSerials), so an audit record of a transfer can name the order version it gave.
    std::optional<std::uint64_t> feed_serial;

    SoaFields soa() const;
};

// The zone's lists in `state` and its wire form, and one walk to count it; `serial` is set by
// the caller (ZoneSerials).
std::shared_ptr<ZoneVersion> build_zone_version(const config::RpzZoneConfig& config,
                                                std::shared_ptr<const server::ServingState> state);

}  // namespace roja::rpz
