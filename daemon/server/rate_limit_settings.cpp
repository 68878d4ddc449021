#include "daemon/server/rate_limit_settings.hpp"

#include <algorithm>

#include "daemon/server/state_loader.hpp"

namespace roja::server {

RateLimitSettings rate_limit_settings(const config::RateLimitConfig& config, unsigned workers) {
    RateLimitSettings settings;
    settings.enabled = config.enabled();
    const double share = 1.0 / std::max(1u, workers);
    settings.table.qps = config.qps * share;
    settings.table.burst = std::max(1.0, (config.burst ? config.burst : config.qps) * share);
    settings.table.ipv4_prefix = config.ipv4_prefix;
    settings.table.ipv6_prefix = config.ipv6_prefix;
    settings.table.slots = config.max_clients;
    settings.action = config.action;
    settings.slip = config.slip;
    if (config.max_outstanding != 0)
        settings.max_outstanding = std::max(1u, config.max_outstanding / std::max(1u, workers));
    filter::PrefixMapBuilder exempt;
    for (const config::IpPrefix& prefix : config.exempt) exempt.add(to_filter_prefix(prefix), 1);
    settings.exempt = std::move(exempt).build();
    return settings;
}

}  // namespace roja::server
