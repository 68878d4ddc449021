#include "config/config_enums.hpp"

#include <cstddef>

namespace roja::config {

namespace {
template <class Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::string_view, N>& names) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view("unknown");
}
}  // namespace

std::string_view to_string(LogLevel level) noexcept {
    return name_of(level, kLogLevelNames);
}
std::string_view to_string(RefusedAction action) noexcept {
    return name_of(action, kRefusedActionNames);
}
std::string_view to_string(ListAction action) noexcept {
    return name_of(action, kListActionNames);
}
std::string_view to_string(ReasonClass reason) noexcept {
    return name_of(reason, kReasonClassNames);
}

}  // namespace roja::config
