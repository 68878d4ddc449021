// Where Roja looks for its files when nothing else is said (see docs/operations.md).
#pragma once

#include <string_view>

namespace roja::config {

std::string_view default_config_path() noexcept;
std::string_view default_state_dir() noexcept;
std::string_view default_template_dir() noexcept;

}  // namespace roja::config
