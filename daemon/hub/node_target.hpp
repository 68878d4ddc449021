// A configured node made ready to poll: its endpoint with the token read from its file and its
// checkpoint key loaded. Built at start-up, where a missing file stops rojahub with its name.
#pragma once

#include <memory>
#include <vector>

#include "config/hub_config.hpp"
#include "daemon/audit/checkpoint_key.hpp"
#include "daemon/hub/node_client.hpp"

namespace roja::hub {

struct NodeTarget {
    config::HubNodeConfig config;
    NodeEndpoint endpoint;
    std::unique_ptr<audit::CheckpointVerifier> checkpoint_key;  // null: none configured
    std::string resolver_text;  // "192.0.2.53:53" as probe reports name it; empty: none
};

// Throws std::runtime_error naming the node and the file it cannot use.
std::vector<NodeTarget> load_node_targets(const config::HubConfig& hub);

}  // namespace roja::hub
