// rojad's command line: quick-start flags that build or override a configuration, so that a
// benchmark or a test can run rojad with no config file at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roja::app {

struct Options {
    std::optional<std::string> config_file;      // --config FILE
    std::optional<std::string> check_config;     // --check-config FILE
    std::vector<std::string> listen;             // --listen ADDR:PORT
    std::vector<std::string> upstreams;          // --upstream ADDR:PORT
    std::vector<std::string> lists;              // --list FORMAT:PATH
    std::vector<std::string> warning_addresses;  // --warning-address IP
    std::vector<std::string> allow;              // --allow PREFIX
    std::optional<std::string> feed;             // --feed [ID=]URL|DIR
    std::vector<std::string> feed_keys;          // --feed-key FILE
    std::optional<std::string> feed_ca;          // --feed-ca FILE
    std::optional<unsigned> feed_poll;           // --feed-poll SECONDS
    std::optional<std::string> state_dir;        // --state-dir DIR
    std::optional<std::string> admin_listen;     // --admin-listen ADDR:PORT (metrics and API)
    std::optional<unsigned> threads;             // --threads N
    std::optional<std::string> log_level;        // --log-level LEVEL
    std::optional<std::string> user;             // --user NAME: who to become when started as root
    bool version = false;
    bool help = false;

    bool has_quick_start_flags() const noexcept {
        return !listen.empty() || !upstreams.empty() || !lists.empty() ||
               !warning_addresses.empty() || !allow.empty() || threads.has_value() ||
               feed.has_value();
    }
};

// Throws std::invalid_argument with a readable message on a bad command line (start-up only).
Options parse_options(int argc, char** argv);
std::string usage();

// Applies the flags on top of `config` (flags win). Throws std::invalid_argument naming the
// flag and value on a bad one.
void apply_options(const Options& options, config::Config& config);

}  // namespace roja::app
