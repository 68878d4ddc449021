// The difference between two versions of a zone, for IXFR (RFC 1995): the triggers the older
// version had and the newer lacks, and the other way round. Computed once when a version is
// built, by walking each version and asking the other one for each trigger, so neither zone is
// copied; only the (usually small) difference is held.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/rpz/rpz_record.hpp"
#include "daemon/rpz/zone_version.hpp"

namespace roja::rpz {

struct StoredRecord {
    std::string owner;
    RpzTarget target = RpzTarget::nxdomain;
    bool is_ip = false;
    RpzRecord view() const noexcept { return {owner, target, is_ip}; }
};

struct ZoneDelta {
    std::uint32_t from_serial = 0;
    std::uint32_t to_serial = 0;
    std::vector<StoredRecord> removed;
    std::vector<StoredRecord> added;
};

// nullopt when the difference has more than `max_records` records: a full transfer is then
// as cheap, and holding it would cost more than it saves.
std::optional<ZoneDelta> diff_versions(const ZoneVersion& older, const ZoneVersion& newer,
                                       std::size_t max_records);

}  // namespace roja::rpz
