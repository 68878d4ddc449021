// lists and groups: which lists exist, and which clients get which of them.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

std::optional<filter::ListFormat> read_list_format(const Field& field) {
    constexpr std::string_view kExpected = "plain, hosts, adblock, rpz or csv";
    const auto text = read_scalar(field, kExpected);
    if (!text) return std::nullopt;
    const auto format = filter::list_format_from_string(*text);
    if (!format) field.report_expected(kExpected);
    return format;
}

// Reads the required, unique name under `key` ("id" of a list, "name" of a group); `earlier`
// are the items before this one. Empty when missing or bad (reported).
template <class T>
std::string read_unique_name(MapReader& map, std::string_view key, const std::vector<T>& earlier,
                             std::string T::*name_of) {
    const auto field = map.find(key);
    if (!field) {
        map.report_missing(key);
        return {};
    }
    auto name = read_identifier(*field);
    if (!name) return {};
    for (std::size_t i = 0; i < earlier.size(); ++i) {
        if (earlier[i].*name_of != *name) continue;
        const std::string& item_path = map.field().path;
        const std::string sequence_path = item_path.substr(0, item_path.rfind('['));
        field->report("\"" + *name + "\" is already used by " + sequence_path + "[" +
                      std::to_string(i) + "]");
        return {};
    }
    return std::move(*name);
}

ListConfig read_list_entry(const Field& field, const std::vector<ListConfig>& earlier) {
    ListConfig list;
    MapReader map(field);
    list.id = read_unique_name(map, "id", earlier, &ListConfig::id);
    // A file, or a primary to transfer the zone from: one or the other.
    const bool has_path = map.find("path").has_value();
    const auto source = map.find("source");
    if (!has_path && !source) map.report_missing("path");
    if (has_path && source) source->report("a list has either a path or a source, not both");
    map.read("path", list.path, read_text);
    map.read("source", list.primary, read_list_source);
    map.read("format", list.format, read_list_format);
    if (source) {
        const auto format = map.find("format");
        if (format && list.format != filter::ListFormat::rpz)
            format->report("a list transferred from a primary is an RPZ zone (format rpz)");
        list.format = filter::ListFormat::rpz;
    }
    map.read("action", list.action,
             [](const Field& value) { return read_choice<ListAction>(value, kListActionNames); });
    map.read("reason", list.reason,
             [](const Field& value) { return read_choice<ReasonClass>(value, kReasonClassNames); });
    map.read("authority", list.authority, read_text);
    map.read("title", list.title, read_text);
    map.read("scope", list.scope, read_identifier);
    map.read("allowlist", list.allowlist, read_bool);
    map.report_unknown_keys();
    if (list.title.empty()) list.title = list.id;
    if (list.scope.empty()) list.scope = std::string(to_string(list.reason));
    return list;
}

}  // namespace

std::vector<ListConfig> read_lists(const Field& field) {
    std::vector<ListConfig> lists;
    if (field.node.IsNull()) return lists;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of lists, each a map with id and path");
        return lists;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node) {
        lists.push_back(read_list_entry(field.item(index++, node), lists));
    }
    return lists;
}

}  // namespace roja::config
