#include "config/map_reader.hpp"

#include <algorithm>

namespace roja::config {

MapReader::MapReader(const Field& field) : field_(field) {
    if (field.node.IsNull()) return;
    if (!field.node.IsMap()) {
        field.report_expected("a map of keys");
        return;
    }
    for (const auto& pair : field.node) add_entry(pair.first, pair.second);
}

void MapReader::add_entry(const YAML::Node& key, const YAML::Node& value) {
    if (!key.IsScalar()) {
        Field{key, field_.path, field_.problems}.report_expected("a key name");
        return;
    }
    const std::string& name = key.Scalar();
    const auto earlier = std::find_if(entries_.begin(), entries_.end(),
                                      [&](const Entry& entry) { return entry.name == name; });
    if (earlier != entries_.end()) {
        field_.problems.add(key.Mark(), field_.child(name).path,
                            "key \"" + name + "\" is written twice (first on line " +
                                std::to_string(earlier->key.Mark().line + 1) + ")");
        return;
    }
    entries_.push_back(Entry{name, key, value});
}

std::optional<Field> MapReader::find(std::string_view key) {
    if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end()) {
        allowed_.emplace_back(key);
    }
    for (Entry& entry : entries_) {
        if (entry.name != key) continue;
        entry.is_used = true;
        Field child = field_.child(key);
        child.node = entry.value;
        return child;
    }
    return std::nullopt;
}

void MapReader::report_missing(std::string_view key) const {
    field_.problems.add(field_.node.Mark(), field_.child(key).path,
                        "missing required key \"" + std::string(key) + "\"");
}

void MapReader::report_unknown_keys() const {
    std::string allowed;
    for (const std::string& name : allowed_) allowed += (allowed.empty() ? "" : ", ") + name;
    for (const Entry& entry : entries_) {
        if (entry.is_used) continue;
        field_.problems.add(entry.key.Mark(), field_.child(entry.name).path,
                            "unknown key \"" + entry.name + "\"; allowed keys here: " + allowed);
    }
}

}  // namespace roja::config
