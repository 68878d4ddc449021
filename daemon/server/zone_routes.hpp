// Where a name goes once the policy has let it through: the default upstreams, a forward zone's
// own upstreams (upstream.zones, conditional forwarding), or a locally served zone answered here
// (local_zones.hpp). The longest matching zone wins; a forward zone wins a tie with a locally
// served one, so forwarding 10.in-addr.arpa sends those PTR queries to its servers. Fixed at
// start-up, like the upstreams; read by one worker at a time (const).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "daemon/upstream/upstream_options.hpp"

namespace roja::server {

struct ZoneRoute {
    enum class Kind : std::uint8_t { default_upstream, forward, local };
    Kind kind = Kind::default_upstream;
    std::uint16_t forward_zone = 0;  // forward: index in ZoneForwarding::zones
    std::string_view zone;           // the matched zone's apex (empty for the default)
};

class ZoneRoutes {
  public:
    void add_forward(std::string zone, std::uint16_t index);
    void add_local(std::string zone);  // ignored where a forward zone of that name exists

    // No allocation; for most names (a top-level label no zone has) a few comparisons.
    ZoneRoute route(std::string_view qname) const noexcept;
    bool empty() const noexcept { return entries_.empty(); }

  private:
    struct Entry {
        std::string zone;
        ZoneRoute::Kind kind;
        std::uint16_t forward_zone;
    };
    const Entry* find(std::string_view suffix) const noexcept;

    std::vector<Entry> entries_;           // sorted by zone text
    std::vector<std::string> top_labels_;  // each zone's last label, once
};

struct ForwardZone {
    std::string zone;
    upstream::UpstreamOptions upstream;
    bool cache = true;
};

struct ZoneForwarding {
    ZoneRoutes routes;
    std::vector<ForwardZone> zones;  // by ZoneRoute::forward_zone
};

// upstream.zones and upstream.local_zones for one of `workers` workers (each zone's share of
// max_outstanding as for the default servers).
ZoneForwarding zone_forwarding_from_config(const config::UpstreamConfig& config, unsigned workers);

}  // namespace roja::server
