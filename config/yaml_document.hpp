// The one YAML document of a config file, with yaml-cpp's syntax errors turned into problems.
// Internal to config/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "config/problem_list.hpp"

namespace roja::config {

// The root node (null for an empty stream, and after a syntax error, which is reported). A
// stream of more than one document is a problem: the daemon would otherwise ignore the rest.
YAML::Node load_one_document(std::string_view text, ProblemList& problems);

// Reads a config file (at most 16 MiB) into `text`; the problem (line 0) when it cannot.
std::optional<ConfigProblem> read_config_bytes(const std::string& path, std::string& text);

}  // namespace roja::config
