#include "daemon/rpz/zone_catalog.hpp"

#include <algorithm>

#include "daemon/log/log.hpp"
#include "daemon/rpz/zone_delta_file.hpp"

namespace roja::rpz {

ZoneCatalog::ZoneCatalog(const config::RpzExportConfig& config, FeedSerialOf feed_serial,
                         std::filesystem::path serial_directory)
    : config_(config),
      feed_serial_(std::move(feed_serial)),
      serials_(serial_directory),
      directory_(std::move(serial_directory)),
      versions_(config.zones.size()),
      deltas_(config.zones.size()) {}

namespace {

// A difference larger than this share of the zone is not kept: the whole zone costs about as
// much to send, and the difference would cost memory for nothing.
std::size_t max_delta_records(const ZoneVersion& version) {
    return std::max<std::size_t>(10'000, version.counts.triggers / 4);
}

}  // namespace

void ZoneCatalog::keep_delta(std::size_t zone, const ZoneVersion& older, const ZoneVersion& newer) {
    auto& kept = deltas_[zone];
    if (config_.ixfr_versions == 0) return;
    auto delta = diff_versions(older, newer, max_delta_records(newer));
    if (!delta) {
        kept.clear();  // a chain with a gap is no use
        return;
    }
    log::info("rpz_zone_delta", {{"zone", config_.zones[zone].name},
                                 {"from", std::to_string(delta->from_serial)},
                                 {"to", std::to_string(delta->to_serial)},
                                 {"removed", std::to_string(delta->removed.size())},
                                 {"added", std::to_string(delta->added.size())}});
    kept.push_back(std::make_shared<const ZoneDelta>(std::move(*delta)));
    while (kept.size() > config_.ixfr_versions) kept.pop_front();
    if (!directory_.empty() && !save_deltas(delta_file(zone), {kept.begin(), kept.end()}))
        log::error("rpz_deltas_not_saved",
                   {{"zone", config_.zones[zone].name}, {"path", delta_file(zone).string()}});
}

std::filesystem::path ZoneCatalog::delta_file(std::size_t zone) const {
    return directory_ / (config_.zones[zone].name + ".ixfr");
}

void ZoneCatalog::load_kept_deltas(std::size_t zone, const ZoneVersion& first) {
    if (directory_.empty() || config_.ixfr_versions == 0) return;
    auto loaded = load_deltas(delta_file(zone));
    // Only a chain that ends at the version now in force can answer an IXFR truthfully.
    for (std::size_t i = 1; i < loaded.size(); ++i)
        if (loaded[i].from_serial != loaded[i - 1].to_serial) return;
    if (loaded.empty() || loaded.back().to_serial != first.serial) return;
    while (loaded.size() > config_.ixfr_versions) loaded.erase(loaded.begin());
    for (auto& delta : loaded)
        deltas_[zone].push_back(std::make_shared<const ZoneDelta>(std::move(delta)));
    log::info("rpz_deltas_loaded", {{"zone", config_.zones[zone].name},
                                    {"differences", std::to_string(deltas_[zone].size())}});
}

std::vector<std::shared_ptr<const ZoneDelta>> ZoneCatalog::deltas_since(
    std::string_view zone, std::uint32_t serial) const {
    for (std::size_t i = 0; i < config_.zones.size(); ++i) {
        if (config_.zones[i].name != zone) continue;
        const auto& kept = deltas_[i];
        for (std::size_t first = 0; first < kept.size(); ++first)
            if (kept[first]->from_serial == serial)
                return {kept.begin() + static_cast<long>(first), kept.end()};
    }
    return {};
}

// A zone of exactly one feed follows that feed's serial, taken modulo 2^32: RFC 1982 arithmetic
// then sees each new version as newer while a feed moves by less than 2^31 at a time. When its
// content changes under the same feed serial (a reload changed the never-block guard), the zone
// moves one ahead, so consumers holding that serial still take the change. Any other zone counts
// its own content changes. Both kinds are written down (ZoneSerials).
std::optional<std::uint64_t> ZoneCatalog::followed_feed_serial(
    const config::RpzZoneConfig& zone) const {
    if (zone.feeds.size() != 1 || !zone.lists.empty() || !feed_serial_) return std::nullopt;
    return feed_serial_(zone.feeds.front());
}

std::uint32_t ZoneCatalog::serial_of(const config::RpzZoneConfig& zone,
                                     const ZoneVersion& version) {
    std::optional<std::uint32_t> feed_serial;
    if (zone.feeds.size() == 1 && zone.lists.empty()) {
        if (!version.feed_serial) return 0;  // before the feed's first version: empty, serial 0
        feed_serial = static_cast<std::uint32_t>(*version.feed_serial);
    }
    bool persisted = true;
    const std::uint32_t serial =
        serials_.serial_for(zone.name, version.counts.digest, persisted, feed_serial);
    if (!persisted)
        log::error("rpz_serial_not_saved",
                   {{"zone", zone.name}, {"serial", std::to_string(serial)}});
    if (feed_serial && serial != *feed_serial)
        log::warning("rpz_serial_ahead_of_feed",
                     {{"zone", zone.name},
                      {"serial", std::to_string(serial)},
                      {"feed_serial", std::to_string(*feed_serial)},
                      {"why", "the zone changed under one feed serial (never-block guard)"}});
    return serial;
}

std::vector<std::shared_ptr<const ZoneVersion>> ZoneCatalog::rebuild(
    const std::shared_ptr<const server::ServingState>& state) {
    std::vector<std::shared_ptr<const ZoneVersion>> changed;
    for (std::size_t i = 0; i < config_.zones.size(); ++i) {
        const config::RpzZoneConfig& zone = config_.zones[i];
        auto version = build_zone_version(zone, state);
        version->feed_serial = followed_feed_serial(zone);
        version->serial = serial_of(zone, *version);
        const bool is_new = !versions_[i] || versions_[i]->serial != version->serial;
        if (is_new) {
            const ZoneCounts& c = version->counts;
            log::info("rpz_zone_version", {{"zone", zone.name},
                                           {"serial", std::to_string(version->serial)},
                                           {"triggers", std::to_string(c.triggers)},
                                           {"ip_triggers", std::to_string(c.ip_triggers)},
                                           {"passthru", std::to_string(c.passthru)},
                                           {"records", std::to_string(c.records)},
                                           {"not_expressible", std::to_string(c.not_expressible)},
                                           {"too_long", std::to_string(c.too_long)}});
            for (const std::string& name : c.too_long_names)
                log::warning(
                    "rpz_trigger_too_long",
                    {{"zone", zone.name}, {"name", name}, {"left_out", "owner over 255 octets"}});
        }
        if (is_new && versions_[i]) keep_delta(i, *versions_[i], *version);
        if (!versions_[i]) load_kept_deltas(i, *version);
        versions_[i] = std::move(version);
        if (is_new) changed.push_back(versions_[i]);
    }
    return changed;
}

std::shared_ptr<const ZoneVersion> ZoneCatalog::find(std::string_view zone) const {
    for (std::size_t i = 0; i < config_.zones.size(); ++i)
        if (config_.zones[i].name == zone) return versions_[i];
    return nullptr;
}

}  // namespace roja::rpz
