// upstream.zones: conditional forwarding, one entry per zone suffix with its own servers.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::size_t kMaxZones = 1024;

std::optional<ForwardZoneConfig> read_forward_zone(const Field& field,
                                                   const UpstreamConfig& upstream) {
    ForwardZoneConfig zone;
    zone.timeout = upstream.timeout;
    MapReader map(field);
    bool is_complete = true;
    if (const auto name = map.find("zone")) {
        auto value = read_domain_name(*name, "a zone name such as school.local");
        is_complete = value.has_value();
        if (value) zone.zone = std::move(*value);
    } else {
        map.report_missing("zone");
        is_complete = false;
    }
    if (const auto servers = map.find("servers")) {
        auto value =
            read_list(*servers, [](const Field& item) { return read_endpoint(item, kDnsPort); });
        if (value && value->empty()) servers->report_expected("at least one server");
        if (value && !value->empty()) {
            report_duplicates(*servers, *value);
            zone.servers = std::move(*value);
        }
    } else {
        map.report_missing("servers");
    }
    is_complete = is_complete && !zone.servers.empty();
    map.read("timeout", zone.timeout, [](const Field& value) {
        return read_duration(value, milliseconds(10), seconds(60));
    });
    map.read("cache", zone.cache, read_bool);
    map.report_unknown_keys();
    if (!is_complete) return std::nullopt;
    return zone;
}

}  // namespace

std::vector<ForwardZoneConfig> read_forward_zones(const Field& field,
                                                  const UpstreamConfig& upstream) {
    auto zones =
        read_list(field, [&](const Field& item) { return read_forward_zone(item, upstream); });
    if (!zones) return {};
    if (zones->size() > kMaxZones) {
        field.report("at most " + std::to_string(kMaxZones) + " zones");
        return {};
    }
    std::vector<std::string> names;
    for (const ForwardZoneConfig& zone : *zones) names.push_back(zone.zone);
    report_duplicates(field, names);
    return std::move(*zones);
}

}  // namespace roja::config
