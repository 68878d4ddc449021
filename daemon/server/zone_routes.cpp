#include "daemon/server/zone_routes.hpp"

#include <algorithm>

#include "daemon/server/local_zones.hpp"
#include "daemon/upstream/upstream_config.hpp"

namespace roja::server {

namespace {

std::string_view top_label(std::string_view name) noexcept {
    const auto dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

}  // namespace

void ZoneRoutes::add_forward(std::string zone, std::uint16_t index) {
    std::erase_if(entries_, [&](const Entry& e) { return e.zone == zone; });
    if (std::find(top_labels_.begin(), top_labels_.end(), top_label(zone)) == top_labels_.end())
        top_labels_.emplace_back(top_label(zone));
    auto at = std::lower_bound(entries_.begin(), entries_.end(), zone,
                               [](const Entry& e, const std::string& z) { return e.zone < z; });
    entries_.insert(at, Entry{std::move(zone), ZoneRoute::Kind::forward, index});
}

void ZoneRoutes::add_local(std::string zone) {
    if (find(zone)) return;  // a forward zone of that name, or a local one already
    if (std::find(top_labels_.begin(), top_labels_.end(), top_label(zone)) == top_labels_.end())
        top_labels_.emplace_back(top_label(zone));
    auto at = std::lower_bound(entries_.begin(), entries_.end(), zone,
                               [](const Entry& e, const std::string& z) { return e.zone < z; });
    entries_.insert(at, Entry{std::move(zone), ZoneRoute::Kind::local, 0});
}

const ZoneRoutes::Entry* ZoneRoutes::find(std::string_view suffix) const noexcept {
    auto at = std::lower_bound(entries_.begin(), entries_.end(), suffix,
                               [](const Entry& e, std::string_view z) { return e.zone < z; });
    return at != entries_.end() && at->zone == suffix ? &*at : nullptr;
}

// The name itself, then each parent up to the top label: the first zone found is the longest.
// '.' in canonical text always separates labels (filter/domain_name.hpp).
ZoneRoute ZoneRoutes::route(std::string_view qname) const noexcept {
    const std::string_view top = top_label(qname);
    if (std::find(top_labels_.begin(), top_labels_.end(), top) == top_labels_.end()) return {};
    std::string_view suffix = qname;
    while (!suffix.empty()) {
        if (const Entry* entry = find(suffix))
            return {entry->kind, entry->forward_zone, entry->zone};
        const auto dot = suffix.find('.');
        if (dot == std::string_view::npos) break;
        suffix.remove_prefix(dot + 1);
    }
    return {};
}

ZoneForwarding zone_forwarding_from_config(const config::UpstreamConfig& config, unsigned workers) {
    ZoneForwarding forwarding;
    for (const config::ForwardZoneConfig& zone : config.zones) {
        config::UpstreamConfig own = config;
        own.servers = zone.servers;
        own.timeout = zone.timeout;
        own.min_timeout = std::min(config.min_timeout, zone.timeout);
        own.fresh_port.clear();
        forwarding.routes.add_forward(zone.zone,
                                      static_cast<std::uint16_t>(forwarding.zones.size()));
        forwarding.zones.push_back(
            {zone.zone, upstream::options_from_config(own, workers), zone.cache});
    }
    if (config.local_zones) {
        for (std::string_view zone : locally_served_zones())
            forwarding.routes.add_local(std::string(zone));
    }
    return forwarding;
}

}  // namespace roja::server
