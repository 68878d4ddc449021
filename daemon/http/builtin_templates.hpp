// The warning page's default templates and texts (daemon/http/templates/), compiled into rojad
// so it shows a complete page when the operator's template directory lacks a file.
#pragma once

#include <optional>
#include <string_view>

namespace roja::http {

// The built-in file `name` ("blocked.html", "texts.sq.txt", ...), if there is one.
std::optional<std::string_view> builtin_template(std::string_view name) noexcept;

}  // namespace roja::http
