// rpz_export: the TCP listener that serves the policy as RPZ zones, and each zone's sources,
// answers and who may transfer it (docs/rpz-export.md).
#include <algorithm>
#include <array>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::seconds;

constexpr std::uint16_t kDefaultRpzPort = 53;
constexpr std::array<std::string_view, 3> kRpzActionNames{"nxdomain", "nodata", "redirect"};

auto seconds_reader(seconds min, seconds max) {
    return [=](const Field& value) -> std::optional<seconds> {
        const auto duration = read_duration(value, min, max);
        if (!duration) return std::nullopt;
        return std::chrono::duration_cast<seconds>(*duration);
    };
}

// Each id must be one of `known` (list ids or feed ids).
auto id_list_reader(const std::vector<std::string>& known, std::string_view what) {
    return [&known, what](const Field& field) {
        return read_list(field, [&](const Field& item) -> std::optional<std::string> {
            auto id = read_identifier(item);
            if (!id) return std::nullopt;
            if (std::find(known.begin(), known.end(), *id) == known.end()) {
                item.report("unknown " + std::string(what) + " \"" + *id + "\"");
                return std::nullopt;
            }
            return id;
        });
    };
}

void read_zone_sources(MapReader& map, const std::vector<std::string>& list_ids,
                       const std::vector<std::string>& feed_ids, RpzZoneConfig& zone) {
    map.read("feeds", zone.feeds, id_list_reader(feed_ids, "feed"));
    map.read("lists", zone.lists, id_list_reader(list_ids, "list"));
    if (zone.feeds.empty() && zone.lists.empty())
        map.field().report("a zone needs at least one of feeds or lists");
}

void read_zone_access(MapReader& map, RpzZoneConfig& zone) {
    map.read("allow", zone.allow, [](const Field& value) { return read_list(value, read_prefix); });
    map.read("keys", zone.keys,
             [](const Field& value) { return read_list(value, read_identifier); });
    map.read("allow_without_key", zone.allow_without_key,
             [](const Field& value) { return read_list(value, read_prefix); });
    // TSIG is the rule; an operator who wants plain transfers says from where.
    if (zone.keys.empty() && zone.allow_without_key.empty())
        map.field().report("a zone needs keys (TSIG) or allow_without_key prefixes");
}

RpzZoneConfig read_zone(const Field& field, const std::vector<std::string>& list_ids,
                        const std::vector<std::string>& feed_ids,
                        const std::vector<RpzZoneConfig>& earlier) {
    RpzZoneConfig zone;
    MapReader map(field);
    if (const auto name = map.find("name")) {
        if (auto value = read_zone_name(*name)) {
            const bool is_taken = std::any_of(earlier.begin(), earlier.end(),
                                              [&](const auto& z) { return z.name == *value; });
            if (is_taken) name->report("zone \"" + *value + "\" is already defined");
            zone.name = std::move(*value);
        }
    } else {
        map.report_missing("name");
    }
    read_zone_sources(map, list_ids, feed_ids, zone);
    map.read("action", zone.action,
             [](const Field& value) { return read_choice<RpzAction>(value, kRpzActionNames); });
    map.read("ttl", zone.ttl, [](const Field& value) { return read_ttl(value, kMaxTtl); });
    map.read("refresh", zone.refresh, seconds_reader(seconds(1), kMaxTtl));
    map.read("retry", zone.retry, seconds_reader(seconds(1), kMaxTtl));
    map.read("expire", zone.expire, seconds_reader(seconds(1), kMaxTtl));
    read_zone_access(map, zone);
    map.read("notify", zone.notify, [](const Field& value) {
        return read_list(value,
                         [](const Field& item) { return read_endpoint(item, kDefaultRpzPort); });
    });
    map.read("notify_key", zone.notify_key, read_identifier);
    if (zone.notify_key.empty() && !zone.keys.empty()) zone.notify_key = zone.keys.front();
    map.report_unknown_keys();
    return zone;
}

std::vector<RpzZoneConfig> read_zones(const Field& field, const std::vector<std::string>& list_ids,
                                      const std::vector<std::string>& feed_ids) {
    std::vector<RpzZoneConfig> zones;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of zones, each a map with a name");
        return zones;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node)
        zones.push_back(read_zone(field.item(index++, node), list_ids, feed_ids, zones));
    return zones;
}

}  // namespace

// A zone apex: canonical text without the trailing dot; the root cannot hold a policy zone.
std::optional<std::string> read_zone_name(const Field& field) {
    return read_domain_name(field, "a zone name such as akep.rpz.roja.");
}

RpzExportConfig read_rpz_export(const Field& field, const std::vector<ListConfig>& lists,
                                const std::vector<FeedConfig>& feeds) {
    RpzExportConfig rpz;
    std::vector<std::string> list_ids, feed_ids;
    for (const ListConfig& list : lists) list_ids.push_back(list.id);
    for (const FeedConfig& feed : feeds) feed_ids.push_back(feed.id);
    MapReader map(field);
    map.read("listen", rpz.listen,
             [](const Field& value) { return read_endpoint(value, kDefaultRpzPort); });
    map.read("keys_file", rpz.keys_file, read_text);
    map.read("max_connections", rpz.max_connections,
             [](const Field& value) { return read_integer(value, 1, 65535); });
    map.read("ixfr_versions", rpz.ixfr_versions,
             [](const Field& value) { return read_integer(value, 0, 1000); });
    if (const auto zones = map.find("zones")) rpz.zones = read_zones(*zones, list_ids, feed_ids);
    const bool wants_keys = std::any_of(rpz.zones.begin(), rpz.zones.end(),
                                        [](const auto& zone) { return !zone.keys.empty(); });
    if (wants_keys && rpz.keys_file.empty()) map.report_missing("keys_file");
    if (rpz.listen && rpz.zones.empty()) map.report_missing("zones");
    map.report_unknown_keys();
    return rpz;
}

}  // namespace roja::config
