// The page's language from Accept-Language (RFC 9110 12.5.4): the supported language with the
// highest weight, Albanian when the header names none of them.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace roja::http {

enum class Language : std::size_t { sq, en };
inline constexpr std::size_t kLanguageCount = 2;
inline constexpr std::array<std::string_view, kLanguageCount> kLanguageTags{"sq", "en"};

constexpr std::string_view to_string(Language language) noexcept {
    return kLanguageTags[static_cast<std::size_t>(language)];
}

// "en-GB,en;q=0.9,sq;q=0.5" → en; "sq-AL" → sq; "de, fr" → sq; "*" → sq; malformed parts are
// skipped.
Language choose_language(std::string_view accept_language) noexcept;

}  // namespace roja::http
