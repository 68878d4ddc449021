#include "filter/feed_manifest_fields.hpp"

#include <algorithm>

namespace roja::filter {
namespace {

bool has_control(std::string_view text) noexcept {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

std::string_view check_path_segment(std::string_view segment) noexcept {
    if (segment.empty()) return "expected a relative path without empty segments";
    if (segment == "." || segment == "..") return "expected a relative path without . or ..";
    return {};
}

}  // namespace

FeedProblem malformed(std::string_view where, std::string_view key, std::string_view expected) {
    std::string path(where);
    if (!path.empty() && !key.empty()) path += '.';
    path += key;
    if (path.empty()) path = "manifest";
    return feed_problem(FeedError::malformed_manifest, path + ": " + std::string(expected));
}

FeedResult<void> only_known_keys(const boost::json::object& object, std::string_view where,
                                 std::span<const std::string_view> known) {
    for (const auto& member : object) {
        const std::string_view key(member.key().data(), member.key().size());
        if (std::find(known.begin(), known.end(), key) == known.end())
            return malformed(where, key, "unknown key (not in roja-feed/1)");
    }
    return {};
}

FeedResult<std::string_view> string_field(const boost::json::object& object, std::string_view where,
                                          std::string_view key) {
    const boost::json::value* value = object.if_contains(key);
    if (!value) return malformed(where, key, "missing (expected a string)");
    if (!value->is_string()) return malformed(where, key, "expected a string");
    const auto& text = value->get_string();
    return std::string_view(text.data(), text.size());
}

FeedResult<std::uint64_t> unsigned_field(const boost::json::object& object, std::string_view where,
                                         std::string_view key) {
    constexpr std::string_view kExpected = "expected an integer 0 to 18446744073709551615";
    const boost::json::value* value = object.if_contains(key);
    if (!value) return malformed(where, key, "missing (expected an integer)");
    if (value->is_uint64()) return value->get_uint64();
    if (value->is_int64() && value->get_int64() >= 0)
        return static_cast<std::uint64_t>(value->get_int64());
    return malformed(where, key, kExpected);  // negative, fraction, exponent, or not a number
}

FeedResult<std::string_view> checked_string(const boost::json::object& object,
                                            std::string_view where, std::string_view key,
                                            TextRule rule) {
    auto text = string_field(object, where, key);
    if (!text) return text.error();
    if (const auto expected = rule(*text); !expected.empty())
        return malformed(where, key, expected);
    return *text;
}

std::string_view check_identifier(std::string_view text) noexcept {
    const bool fits =
        !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                   c == '-';
        });
    return fits ? std::string_view{} : "expected 1 to 64 of [a-z0-9._-]";
}

std::string_view check_authority(std::string_view text) noexcept {
    if (text.empty() || text.size() > 256 || has_control(text))
        return "expected 1 to 256 bytes without control characters";
    return {};
}

std::string_view check_title(std::string_view text) noexcept {
    if (text.size() > 1024 || has_control(text))
        return "expected at most 1024 bytes without control characters";
    return {};
}

std::string_view check_relative_path(std::string_view text) noexcept {
    if (text.empty() || text.size() > 255 || has_control(text) ||
        text.find('\\') != std::string_view::npos)
        return "expected a relative path of 1 to 255 bytes without \\ or control characters";
    if (text.front() == '/') return "expected a relative path, not one starting with /";
    for (std::size_t start = 0;;) {
        const std::size_t slash = text.find('/', start);
        const auto problem = check_path_segment(text.substr(start, slash - start));
        if (!problem.empty()) return problem;
        if (slash == std::string_view::npos) return {};
        start = slash + 1;
    }
}

std::string_view check_https_url(std::string_view text) noexcept {
    constexpr std::string_view kScheme = "https://";
    const bool fits = text.size() > kScheme.size() && text.size() <= 2048 &&
                      text.substr(0, kScheme.size()) == kScheme && !has_control(text) &&
                      text.find(' ') == std::string_view::npos && text[kScheme.size()] != '/';
    return fits ? std::string_view{}
                : "expected an https:// URL of at most 2048 bytes without spaces";
}

std::string_view check_sha256(std::string_view text) noexcept {
    const bool fits = text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
                          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                      });
    return fits ? std::string_view{} : "expected 64 lower-case hex digits";
}

}  // namespace roja::filter
