// Config → options: a straight copy but for max_outstanding (per worker) and fresh_port (a flag
// on each server it names).
#include "daemon/upstream/upstream_config.hpp"

#include <algorithm>

namespace roja::upstream {

UpstreamOptions options_from_config(const config::UpstreamConfig& config, unsigned workers) {
    UpstreamOptions options;
    for (const auto& server : config.servers) {
        const bool fresh = std::find(config.fresh_port.begin(), config.fresh_port.end(), server) !=
                           config.fresh_port.end();
        options.servers.push_back({server.address, server.port, fresh});
    }
    options.try_timeout = config.timeout;
    options.min_try_timeout = config.min_timeout;
    options.deadline = config.deadline;
    options.max_outstanding =
        std::max<std::size_t>(1, config.max_outstanding / std::max(1u, workers));
    options.sockets_per_server = config.sockets;
    options.socket_lifetime = config.socket_lifetime;
    return options;
}

}  // namespace roja::upstream
