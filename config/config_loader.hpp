// Loading roja.yaml: the text (or file) in, a validated Config or every problem found out.
// `rojad --check-config FILE` prints each problem with format_problem() and exits non-zero.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/config_problem.hpp"

namespace roja::config {

struct LoadResult {
    std::optional<Config> config;         // set exactly when `problems` is empty
    std::vector<ConfigProblem> problems;  // in document order

    bool is_ok() const noexcept { return config.has_value(); }
};

// Never throws for bad input (YAML syntax errors included). Keys not written take the defaults
// of config.hpp; upstream.servers then come from `resolv_conf_text` (see default_config()).
LoadResult load_config_text(std::string_view yaml_text, std::string_view file_name,
                            std::string_view resolv_conf_text);
// The same with the system's /etc/resolv.conf.
LoadResult load_config_text(std::string_view yaml_text, std::string_view file_name);

// Reads `path` (a missing or unreadable file is one problem, with line 0) and loads it.
LoadResult load_config_file(const std::string& path, std::string_view resolv_conf_text);
LoadResult load_config_file(const std::string& path);

// The built-in configuration `rojad` runs when started without a file: listen on
// 127.0.0.1:5353, answer loopback only, forward to the nameservers of `resolv_conf_text`
// (127.0.0.1:53 when it names none), and block with one example list (kExampleListPath).
Config default_config(std::string_view resolv_conf_text);

// Shipped with the daemon; relative to the source tree, where `make run` starts rojad.
inline constexpr std::string_view kExampleListPath = "config/examples/example-list.txt";

// resolv.conf's nameservers on port 53, or 127.0.0.1:53 when there are none.
std::vector<Endpoint> upstreams_from_resolv_conf(std::string_view resolv_conf_text);

}  // namespace roja::config
