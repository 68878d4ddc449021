// rojahub: polls every configured rojad node's admin API and keeps one national record of what
// each enforces (docs/hub.md). Start-up (config, state directory, tokens and keys, the listener)
// may throw; then the poller runs on its threads, the API on its own, and the main thread only
// waits for SIGTERM or SIGINT.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/hub_config.hpp"
#include "daemon/feed/minisign_key.hpp"
#include "daemon/hub/node_target.hpp"

namespace roja::api {
class AdminListener;
class ApiRouter;
}  // namespace roja::api

namespace roja::hub {

class HubViews;

struct HubOptions {
    std::string config_path{config::kDefaultHubConfigPath};
    std::optional<std::string> check_config;  // --check-config [FILE]
    bool once = false;                        // one poll cycle, then exit
    bool help = false, version = false;
};

// Throws std::invalid_argument on a bad command line.
HubOptions parse_hub_options(int argc, char** argv);
const char* hub_usage();

class Rojahub {
  public:
    explicit Rojahub(const HubOptions& options);
    ~Rojahub();
    int run();

  private:
    HubOptions options_;
    config::HubConfig config_;
    std::string database_;
    std::vector<NodeTarget> nodes_;
    std::vector<feed::MinisignPublicKey> prober_keys_;
    std::unique_ptr<HubViews> views_;
    std::unique_ptr<api::ApiRouter> router_;
    std::unique_ptr<api::AdminListener> listener_;
};

}  // namespace roja::hub
