#include "config/default_paths.hpp"

namespace roja::config {

std::string_view default_config_path() noexcept {
    return "/etc/roja/roja.yaml";
}
std::string_view default_state_dir() noexcept {
    return "/var/lib/roja";
}
std::string_view default_template_dir() noexcept {
    return "/etc/roja/templates";
}

}  // namespace roja::config
