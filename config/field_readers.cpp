#include "config/field_readers.hpp"

#include <array>
#include <utility>

#include "config/value_parsers.hpp"
#include "filter/domain_name.hpp"

namespace roja::config {

namespace {

constexpr std::size_t kMaxShownChars = 60;
constexpr std::size_t kMaxTextBytes = 256;

std::string join(const std::string_view* names, std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) text += i + 1 == count ? " or " : ", ";
        text += names[i];
    }
    return text;
}

// The largest unit that writes `millis` exactly: 86400000 -> "1d", 1500 -> "1500ms".
std::string format_duration(std::chrono::milliseconds millis) {
    constexpr std::array<std::pair<std::int64_t, std::string_view>, 4> kUnits{
        {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}}};
    const std::int64_t count = millis.count();
    for (const auto& [factor, suffix] : kUnits) {
        if (count != 0 && count % factor == 0)
            return std::to_string(count / factor) + std::string(suffix);
    }
    return std::to_string(count) + "ms";
}

std::string format_size(std::uint64_t bytes) {
    constexpr std::array<std::pair<std::uint64_t, std::string_view>, 4> kUnits{
        {{1ULL << 40, "TiB"}, {1ULL << 30, "GiB"}, {1ULL << 20, "MiB"}, {1ULL << 10, "KiB"}}};
    for (const auto& [factor, suffix] : kUnits) {
        if (bytes != 0 && bytes % factor == 0)
            return std::to_string(bytes / factor) + std::string(suffix);
    }
    return std::to_string(bytes) + " bytes";
}

// Reads a scalar with `parse` (a value_parsers.hpp function); reports parse's expectation.
template <class Parse>
auto read_parsed(const Field& field, std::string_view expected, Parse parse)
    -> std::optional<typename decltype(parse(std::string_view()))::value_type> {
    const auto text = read_scalar(field, expected);
    if (!text) return std::nullopt;
    auto value = parse(*text);
    if (!value) {
        field.report_expected(value.error());
        return std::nullopt;
    }
    return std::move(*value);
}

}  // namespace

Field Field::child(std::string_view key) const {
    return Field{node, path.empty() ? std::string(key) : path + "." + std::string(key), problems};
}

Field Field::item(std::size_t index, const YAML::Node& item_node) const {
    return Field{item_node, path + "[" + std::to_string(index) + "]", problems};
}

void Field::report(std::string message) const {
    problems.add(node.Mark(), path, std::move(message));
}

void Field::report_expected(std::string_view expected) const {
    report("expected " + std::string(expected) + ", found " + describe(node));
}

std::string describe(const YAML::Node& node) {
    if (node.IsNull()) return "nothing";
    if (node.IsSequence()) return node.size() == 0 ? "an empty list" : "a list";
    if (node.IsMap()) return "a map";
    const std::string& text = node.Scalar();
    if (text.size() > kMaxShownChars) return "\"" + text.substr(0, kMaxShownChars) + "...\"";
    return "\"" + text + "\"";
}

std::optional<std::string> read_scalar(const Field& field, std::string_view expected) {
    if (!field.node.IsScalar()) {
        field.report_expected(expected);
        return std::nullopt;
    }
    return field.node.Scalar();
}

std::optional<std::string> read_text(const Field& field) {
    const std::string expected = "a text of 1 to " + std::to_string(kMaxTextBytes) + " bytes";
    auto text = read_scalar(field, expected);
    if (text && (text->empty() || text->size() > kMaxTextBytes)) {
        field.report_expected(expected);
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> read_identifier(const Field& field) {
    const std::string_view expected = "a name of lower-case letters, digits, '.', '_' and '-'";
    auto text = read_scalar(field, expected);
    if (text && (!is_identifier(*text) || text->size() > kMaxTextBytes)) {
        field.report_expected(expected);
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> read_domain_name(const Field& field, std::string_view expected) {
    auto text = read_scalar(field, expected);
    if (!text) return std::nullopt;
    std::string canonical;
    if (!filter::canonicalize(*text, canonical) || canonical.empty()) {
        field.report_expected(expected);
        return std::nullopt;
    }
    return canonical;
}

std::optional<bool> read_bool(const Field& field) {
    bool value = false;
    if (!field.node.IsScalar() || !YAML::convert<bool>::decode(field.node, value)) {
        field.report_expected("true or false");
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint64_t> read_integer(const Field& field, std::uint64_t min,
                                          std::uint64_t max) {
    const std::string expected =
        "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    const auto text = read_scalar(field, expected);
    if (!text) return std::nullopt;
    const auto value = parse_unsigned(*text, max);
    if (!value || *value < min) {
        field.report_expected(expected);
        return std::nullopt;
    }
    return *value;
}

std::optional<std::uint64_t> read_size(const Field& field, std::uint64_t min, std::uint64_t max) {
    const auto size = read_parsed(field, "a size such as 64MiB", parse_size);
    if (size && (*size < min || *size > max)) {
        field.report_expected("a size from " + format_size(min) + " to " + format_size(max));
        return std::nullopt;
    }
    return size;
}

std::optional<std::chrono::milliseconds> read_duration(const Field& field,
                                                       std::chrono::milliseconds min,
                                                       std::chrono::milliseconds max) {
    const auto duration = read_parsed(field, "a duration such as 10s", parse_duration);
    if (duration && (*duration < min || *duration > max)) {
        field.report_expected("a duration from " + format_duration(min) + " to " +
                              format_duration(max));
        return std::nullopt;
    }
    return duration;
}

std::optional<std::chrono::seconds> read_ttl(const Field& field, std::chrono::seconds max) {
    const auto duration = read_parsed(field, "a duration such as 60s", parse_duration);
    if (!duration) return std::nullopt;
    if (duration->count() % 1000 != 0 || *duration > max) {
        field.report_expected("a TTL in whole seconds from 0s to " + format_duration(max));
        return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::seconds>(*duration);
}

std::optional<boost::asio::ip::address> read_address(const Field& field) {
    return read_parsed(field, "an IP address", parse_address);
}

std::optional<Endpoint> read_endpoint(const Field& field, std::uint16_t default_port) {
    // An unquoted [::1]:53 is YAML for a list; say so instead of just "found a list".
    if (field.node.IsSequence()) {
        field.report_expected("an address such as \"[::1]:53\" (quote bracketed IPv6 addresses)");
        return std::nullopt;
    }
    return read_parsed(field, "an address such as 192.0.2.1:53",
                       [&](std::string_view text) { return parse_endpoint(text, default_port); });
}

std::optional<IpPrefix> read_prefix(const Field& field) {
    return read_parsed(field, "a prefix such as 10.0.0.0/8", parse_prefix);
}

std::optional<std::size_t> read_choice_index(const Field& field, const std::string_view* names,
                                             std::size_t count) {
    const std::string expected = join(names, count);
    const auto text = read_scalar(field, expected);
    if (!text) return std::nullopt;
    for (std::size_t i = 0; i < count; ++i) {
        if (*text == names[i]) return i;
    }
    field.report_expected(expected);
    return std::nullopt;
}

}  // namespace roja::config
