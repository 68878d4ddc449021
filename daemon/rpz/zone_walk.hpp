// Walks one exported zone's triggers straight out of the policy snapshot, never copying the
// zone: name entries of the zone's lists (each name once, whatever number of lists carry it),
// then ip entries. It can stop when a message is full and go on from there, so a transfer of a
// 1,000,000-entry zone holds one message, not the zone.
//
// Mapping (docs/rpz-export.md): a domain entry gives `name` and `*.name`, an exact entry `name`
// alone, a "names below only" entry `*.name` alone; an allow entry of any list of the zone at
// the same owner wins (rpz-passthru.), as allow entries win over blocks in rojad. An ip entry
// gives one rpz-ip trigger. An owner longer than 255 octets is left out (counted by the caller).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/rpz/rpz_record.hpp"
#include "filter/list_info.hpp"
#include "filter/policy.hpp"

namespace roja::rpz {

struct ZoneShape {
    filter::ListSet lists;                  // the policy lists the zone is made of
    std::size_t apex_octets = 1;            // wire length of the apex, root label included
    RpzTarget block = RpzTarget::nxdomain;  // what a block entry becomes
};

class ZoneWalk {
  public:
    ZoneWalk(const filter::Policy& policy, const ZoneShape& shape)
        : policy_(policy), shape_(shape) {}

    // Adds triggers to `sink` until it has no room (returns false: call again with a new
    // sink) or the zone is done (returns true).
    bool fill(RecordSink& sink);
    // Triggers left out because their owner would exceed 255 octets (canonical names).
    std::size_t too_long() const noexcept { return too_long_; }
    // The first few of them, for the log.
    const std::vector<std::string>& too_long_names() const noexcept { return too_long_names_; }
    bool done() const noexcept { return phase_ == Phase::done; }

    // The records of one name in a zone (none when its lists do not carry it), whatever entry
    // would lead it in a walk: how IXFR asks one version about another's record.
    static void visit_one(const filter::Policy& policy, const ZoneShape& shape,
                          std::string_view name, RecordSink& sink);

  private:
    enum class Phase : std::uint8_t { names, ips, done };
    bool visit_name(std::string_view name, const filter::RuleHit& hit, RecordSink& sink);
    bool visit_ip(RecordSink& sink);
    bool fits(std::string_view relative, std::size_t extra) const noexcept;

    const filter::Policy& policy_;
    const ZoneShape& shape_;
    Phase phase_ = Phase::names;
    std::size_t position_ = 0;
    std::size_t too_long_ = 0;
    std::vector<std::string> too_long_names_;
    std::string owner_;     // scratch: "*.name", rpz-ip owners
    std::string wildcard_;  // scratch
};

}  // namespace roja::rpz
