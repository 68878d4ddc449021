// groups: which clients (by address prefix) get which lists and features.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string ids;
    for (const std::string& name : names) ids += (ids.empty() ? "" : ", ") + name;
    return ids.empty() ? "(none)" : ids;
}

// Each name must be a defined list's or feed's id.
void read_group_lists(MapReader& map, const std::vector<std::string>& lists, GroupConfig& group) {
    const auto field = map.find("lists");
    if (!field) return;
    auto names = read_list(*field, [&](const Field& item) -> std::optional<std::string> {
        auto name = read_identifier(item);
        if (!name) return std::nullopt;
        const bool is_defined = std::find(lists.begin(), lists.end(), *name) != lists.end();
        if (!is_defined) {
            item.report("unknown list \"" + *name +
                        "\"; defined lists and feeds: " + joined(lists));
            return std::nullopt;
        }
        return name;
    });
    if (!names) return;
    report_duplicates(*field, *names);
    group.lists = std::move(*names);
}

// The default group takes no prefixes; every other group needs at least one, and a prefix
// may belong to one group only (else which group a client is in would depend on order).
void read_group_prefixes(MapReader& map, const std::vector<GroupConfig>& earlier,
                         GroupConfig& group) {
    const auto field = map.find("prefixes");
    const bool is_default = group.name == kDefaultGroupName;
    if (!field) {
        if (!is_default && !group.name.empty()) map.report_missing("prefixes");
        return;
    }
    if (is_default) {
        field->report(
            "the default group is for clients no other group's prefix matches; it "
            "takes no prefixes");
        return;
    }
    auto prefixes = read_list(*field, read_prefix);
    if (!prefixes) return;
    if (prefixes->empty()) field->report_expected("at least one prefix");
    report_duplicates(*field, *prefixes);
    std::size_t index = 0;
    for (const YAML::Node& node : field->node) {
        for (const GroupConfig& other : earlier) {
            if (std::find(other.prefixes.begin(), other.prefixes.end(), (*prefixes)[index]) ==
                other.prefixes.end()) {
                continue;
            }
            field->item(index, node)
                .report("prefix " + to_string((*prefixes)[index]) + " is already in group \"" +
                        other.name + "\"");
        }
        ++index;
    }
    group.prefixes = std::move(*prefixes);
}

GroupConfig read_group(const Field& field, const std::vector<std::string>& lists,
                       const std::vector<GroupConfig>& earlier) {
    GroupConfig group;
    MapReader map(field);
    if (const auto name = map.find("name")) {
        if (auto value = read_identifier(*name)) {
            const bool is_taken =
                std::any_of(earlier.begin(), earlier.end(),
                            [&](const GroupConfig& other) { return other.name == *value; });
            if (is_taken) name->report("group name \"" + *value + "\" is already used");
            group.name = std::move(*value);
        }
    } else {
        map.report_missing("name");
    }
    read_group_prefixes(map, earlier, group);
    read_group_lists(map, lists, group);
    map.read("safesearch", group.safesearch, read_bool);
    map.read("url_filter", group.url_filter, read_bool);
    map.report_unknown_keys();
    return group;
}

}  // namespace

std::vector<GroupConfig> read_groups(const Field& field, const std::vector<std::string>& lists) {
    std::vector<GroupConfig> groups;
    if (field.node.IsNull()) return groups;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of groups, each a map with a name");
        return groups;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node) {
        groups.push_back(read_group(field.item(index++, node), lists, groups));
    }
    return groups;
}

}  // namespace roja::config
