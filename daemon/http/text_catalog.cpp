#include "daemon/http/text_catalog.hpp"

#include <stdexcept>

namespace roja::http {

namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

TextCatalog TextCatalog::parse(std::string_view text, std::string_view source_name) {
    TextCatalog catalog;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++line_number;
        if (line.empty() || line.front() == '#') continue;
        const auto where = std::string(source_name) + ":" + std::to_string(line_number) + ": ";
        const auto equals = line.find('=');
        if (equals == std::string_view::npos)
            throw std::runtime_error(where + "expected key = text");
        const std::string_view key = trim(line.substr(0, equals));
        if (key.empty()) throw std::runtime_error(where + "empty key");
        if (catalog.find(key))
            throw std::runtime_error(where + "text \"" + std::string(key) + "\" given twice");
        catalog.texts_.emplace_back(std::string(key), std::string(trim(line.substr(equals + 1))));
    }
    return catalog;
}

std::optional<std::string_view> TextCatalog::find(std::string_view key) const noexcept {
    for (const auto& [k, v] : texts_)
        if (k == key) return std::string_view(v);
    return std::nullopt;
}

}  // namespace roja::http
