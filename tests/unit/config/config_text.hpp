// What the config tests share: a YAML text loaded as rojad loads its file, with a resolv.conf of
// its own (so no test depends on the machine's), and its problems as text.
#pragma once

#include <string>
#include <string_view>

#include "config/config_loader.hpp"

namespace roja::config::test {

inline LoadResult load(std::string_view yaml) {
    return load_config_text(yaml, "roja.yaml", "nameserver 192.0.2.53\n");
}

// Every problem formatted as rojad prints it, one a line.
inline std::string problems_of(std::string_view yaml) {
    std::string text;
    for (const auto& problem : load(yaml).problems) text += format_problem(problem) + "\n";
    return text;
}

}  // namespace roja::config::test
