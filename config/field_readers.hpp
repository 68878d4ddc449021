// Typed reads of one YAML value. Each reader returns the value, or reports "expected X, found Y"
// at the value's line and column and returns nullopt, so reading goes on and every problem in a
// file is found in one pass. Internal to config/.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>
#include <boost/asio/ip/address.hpp>

#include "config/endpoint.hpp"
#include "config/problem_list.hpp"

namespace roja::config {

// A value in the document with its path ("lists[2].action") and where its problems go.
struct Field {
    YAML::Node node;
    std::string path;
    ProblemList& problems;

    Field child(std::string_view key) const;
    Field item(std::size_t index, const YAML::Node& node) const;
    void report(std::string message) const;
    // Reports "expected <expected>, found <what the value is>".
    void report_expected(std::string_view expected) const;
};

// "nothing", "a list", "a map" or the scalar text in quotes: the "found" half of a message.
std::string describe(const YAML::Node& node);

std::optional<std::string> read_scalar(const Field& field, std::string_view expected);
// Free text (titles, names of organisations): any non-empty scalar of at most 256 bytes.
std::optional<std::string> read_text(const Field& field);
// [a-z0-9._-]+ ids and names.
std::optional<std::string> read_identifier(const Field& field);
std::optional<bool> read_bool(const Field& field);
std::optional<std::uint64_t> read_integer(const Field& field, std::uint64_t min, std::uint64_t max);
std::optional<std::uint64_t> read_size(const Field& field, std::uint64_t min, std::uint64_t max);
std::optional<std::chrono::milliseconds> read_duration(const Field& field,
                                                       std::chrono::milliseconds min,
                                                       std::chrono::milliseconds max);
// A duration that is a DNS TTL: whole seconds, at most `max`.
std::optional<std::chrono::seconds> read_ttl(const Field& field, std::chrono::seconds max);
std::optional<boost::asio::ip::address> read_address(const Field& field);
std::optional<Endpoint> read_endpoint(const Field& field, std::uint16_t default_port);
std::optional<IpPrefix> read_prefix(const Field& field);
// A domain name below the root, in canonical text (filter/domain_name.hpp): zone apexes, local
// record owners. `expected` is the "expected X" half of the message.
std::optional<std::string> read_domain_name(const Field& field, std::string_view expected);

// One of `names`; the index is the enumerator (see config_enums.hpp).
std::optional<std::size_t> read_choice_index(const Field& field, const std::string_view* names,
                                             std::size_t count);
template <class Enum, std::size_t N>
std::optional<Enum> read_choice(const Field& field, const std::array<std::string_view, N>& names) {
    const auto index = read_choice_index(field, names.data(), N);
    if (!index) return std::nullopt;
    return static_cast<Enum>(*index);
}

// A YAML sequence whose items `read_item(Field)` reads; nullopt when it is not a sequence or
// any item is bad (each bad item is reported).
template <class Reader>
auto read_list(const Field& field, Reader read_item)
    -> std::optional<std::vector<typename decltype(read_item(field))::value_type>> {
    using Item = typename decltype(read_item(field))::value_type;
    if (!field.node.IsSequence()) {
        field.report_expected("a list such as [a, b]");
        return std::nullopt;
    }
    std::vector<Item> items;
    bool is_complete = true;
    std::size_t index = 0;
    for (const YAML::Node& node : field.node) {
        auto item = read_item(field.item(index++, node));
        if (item) items.push_back(std::move(*item));
        is_complete = is_complete && item.has_value();
    }
    if (!is_complete) return std::nullopt;
    return items;
}

}  // namespace roja::config
