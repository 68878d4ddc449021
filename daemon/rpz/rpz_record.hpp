// One record of an exported RPZ zone, as the zone walk hands it to a sink (a transfer message,
// the version summary): the owner relative to the apex and what the trigger answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace roja::rpz {

// The RPZ policy a record carries (draft-vixie-dnsop-dns-rpz): CNAME . (NXDOMAIN), CNAME *.
// (NODATA), CNAME rpz-passthru. (allow), or A/AAAA local data (the warning page's addresses).
enum class RpzTarget : std::uint8_t { nxdomain, nodata, passthru, redirect };

struct RpzRecord {
    // Canonical text below the apex: "bad.example", "*.bad.example", "24.0.2.0.192.rpz-ip".
    std::string_view owner;
    RpzTarget target = RpzTarget::nxdomain;
    bool is_ip = false;  // an rpz-ip trigger
};

// Where the walk puts records. has_room(n) is asked before the n records of one trigger are
// added, so one trigger's `name` and `*.name` never straddle two messages.
class RecordSink {
  public:
    virtual ~RecordSink() = default;
    virtual bool has_room(std::size_t records) const noexcept = 0;
    virtual void add(const RpzRecord& record) noexcept = 0;
};

}  // namespace roja::rpz
