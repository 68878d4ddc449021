// The list formats Roja reads, and the one entry point that parses any of them.
#pragma once

#include <optional>
#include <string_view>

namespace roja::filter {

enum class ListFormat { plain, hosts, adblock, rpz, csv };

std::string_view to_string(ListFormat format) noexcept;
std::optional<ListFormat> list_format_from_string(std::string_view name) noexcept;
// Looks at the first meaningful lines; plain when nothing more specific is recognised.
ListFormat guess_list_format(std::string_view content) noexcept;

}  // namespace roja::filter
