// Shared helpers for the policy tests: ListEntry values built by hand (no parser involved).
#pragma once

#include <doctest/doctest.h>

#include <span>
#include <string_view>

#include "filter/ip_prefix.hpp"
#include "filter/policy_builder.hpp"

namespace roja::filter::test {

inline ListEntry entry(EntryType type, std::string_view value,
                       Disposition disposition = Disposition::block, std::uint32_t line = 1) {
    ListEntry e;
    e.type = type;
    e.value = value;
    e.disposition = disposition;
    e.line = line;
    return e;
}

inline ListEntry blocks(std::string_view domain, std::uint32_t line = 1) {
    return entry(EntryType::domain, domain, Disposition::block, line);
}
inline ListEntry blocks_exact(std::string_view name, std::uint32_t line = 1) {
    return entry(EntryType::exact, name, Disposition::block, line);
}
inline ListEntry allows(std::string_view domain, std::uint32_t line = 1) {
    return entry(EntryType::domain, domain, Disposition::allow, line);
}
inline ListEntry allows_exact(std::string_view name, std::uint32_t line = 1) {
    return entry(EntryType::exact, name, Disposition::allow, line);
}

inline ListInfo list_info(std::string id, ReasonClass reason,
                          BlockAction action = BlockAction::redirect) {
    ListInfo info;
    info.id = std::move(id);
    info.reason = reason;
    info.action = action;
    return info;
}

// Adds a list and feeds it `entries`.
inline ListIndex add_list(PolicyBuilder& builder, ListInfo info,
                          std::initializer_list<ListEntry> entries) {
    const ListIndex index = builder.add_list(std::move(info));
    ListLoader loader = builder.loader(index);
    for (const ListEntry& e : entries) loader.on_entry(e);
    REQUIRE(loader.rejected() == 0);
    return index;
}

inline IpPrefix prefix(std::string_view text) {
    auto parsed = parse_ip_prefix(text);
    REQUIRE_MESSAGE(parsed.has_value(), text);
    return *parsed;
}

inline ClientGroup group_with(std::string name, std::initializer_list<ListIndex> lists) {
    ClientGroup group;
    group.name = std::move(name);
    for (const ListIndex list : lists) group.lists.set(list);
    return group;
}

}  // namespace roja::filter::test
