// rojahub's configuration (/etc/roja/hub.yaml, docs/hub.md) as plain validated values: the
// nodes it polls, grouped by ISP, how often, when a node counts as silent or late, and its own
// API. load_hub_config_text() reports every problem with file:line:column like roja.yaml's.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/config_problem.hpp"

namespace roja::config {

struct HubNodeConfig {
    std::string id;              // [a-z0-9._-]+, unique over the hub: metric label and key
    std::string isp;             // the ISP's name (its section of the file)
    std::string api;             // admin-API base URL: http(s)://host:port
    std::string token_file;      // the regulator token the node gave the hub
    std::string ca_file;         // PEM bundle the node's certificate must chain to
    std::string pinned_key;      // or: curl's pinned public key ("sha256//BASE64" or a PEM file)
    std::string checkpoint_key;  // the node's audit checkpoint public key (PEM); empty: unchecked
    std::optional<Endpoint> resolver;  // the DNS address probes ask (ties probe reports to it)
};

// Probe reports (`rojactl probe --sign`) the hub reads from a directory.
struct HubProbeConfig {
    std::string dir;                // empty: no probe ingestion
    std::vector<std::string> keys;  // minisign public keys of the trusted probers
};

struct HubFeedConfig {
    std::string id;
    std::chrono::seconds late_after{30 * 60};
};

struct HubPollConfig {
    std::chrono::seconds interval{5 * 60};
    std::chrono::seconds jitter{30};         // each cycle starts interval ± up to this much
    std::uint32_t parallel = 16;             // nodes polled at once
    std::chrono::seconds timeout{60};        // per request
    std::uint64_t max_response = 64 * kMiB;  // per answer; more is a bad node
};

struct HubConfig {
    LogLevel log_level = LogLevel::info;
    std::string state_dir = "/var/lib/roja-hub";
    HubPollConfig poll;
    std::chrono::seconds silent_after{15 * 60};  // no successful poll for this long: silent
    std::chrono::seconds late_after{30 * 60};    // default deadline after a serial's issued_at
    std::vector<HubFeedConfig> feeds;            // per-feed deadlines
    AdminConfig api;                             // the hub's own listener and tokens
    std::string report_key;  // Ed25519 private key (PEM) signing compliance reports; empty: none
    std::vector<HubNodeConfig> nodes;
    HubProbeConfig probes;

    // The deadline of `feed`: its own late_after, else the default.
    std::chrono::seconds deadline_of(std::string_view feed) const;
};

struct HubLoadResult {
    std::optional<HubConfig> config;      // set exactly when `problems` is empty
    std::vector<ConfigProblem> problems;  // in document order
    bool is_ok() const noexcept { return config.has_value(); }
};

inline constexpr std::string_view kDefaultHubConfigPath = "/etc/roja/hub.yaml";
inline constexpr std::uint16_t kDefaultHubPort = 8054;

HubLoadResult load_hub_config_text(std::string_view yaml_text, std::string_view file_name);
// Reads `path` (a missing file is one problem, line 0) and loads it.
HubLoadResult load_hub_config_file(const std::string& path);

}  // namespace roja::config
