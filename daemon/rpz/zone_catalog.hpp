// The exported zones' current versions, rebuilt from each new serving state. Lives on the RPZ
// thread: transfers and rebuilds take turns there, so no lock guards the versions.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "daemon/rpz/zone_delta.hpp"
#include "daemon/rpz/zone_serials.hpp"
#include "daemon/rpz/zone_version.hpp"

namespace roja::rpz {

// The serial of the feed version in force (nullopt before its first).
using FeedSerialOf = std::function<std::optional<std::uint64_t>(const std::string& feed_id)>;

class ZoneCatalog {
  public:
    ZoneCatalog(const config::RpzExportConfig& config, FeedSerialOf feed_serial,
                std::filesystem::path serial_directory);

    // Builds every zone's version from `state`; returns the versions whose serial moved (each
    // logged with its counts), for NOTIFY.
    std::vector<std::shared_ptr<const ZoneVersion>> rebuild(
        const std::shared_ptr<const server::ServingState>& state);

    // The version in force; null for a zone not exported (or before the first rebuild).
    std::shared_ptr<const ZoneVersion> find(std::string_view zone) const;
    // The differences from `serial` up to the version in force, oldest first; empty when they
    // are not all kept (the client then gets the whole zone).
    std::vector<std::shared_ptr<const ZoneDelta>> deltas_since(std::string_view zone,
                                                               std::uint32_t serial) const;

  private:
    std::uint32_t serial_of(const config::RpzZoneConfig& zone, const ZoneVersion& version);
    // The serial of the feed version in force, for a zone of exactly one feed.
    std::optional<std::uint64_t> followed_feed_serial(const config::RpzZoneConfig& zone) const;

    const config::RpzExportConfig& config_;
    FeedSerialOf feed_serial_;
    ZoneSerials serials_;
    std::filesystem::path directory_;  // empty: nothing kept across restarts
    void keep_delta(std::size_t zone, const ZoneVersion& older, const ZoneVersion& newer);
    // At the first version of a zone: the differences saved before a restart, if they lead to
    // exactly this version.
    void load_kept_deltas(std::size_t zone, const ZoneVersion& first);
    std::filesystem::path delta_file(std::size_t zone) const;

    std::vector<std::shared_ptr<const ZoneVersion>> versions_;  // by zone, as configured
    // By zone, oldest first; shared so a transfer going on keeps the ones it sends.
    std::vector<std::deque<std::shared_ptr<const ZoneDelta>>> deltas_;
};

}  // namespace roja::rpz
