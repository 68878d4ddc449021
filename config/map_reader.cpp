#include "config/map_reader.hpp"

#include <algorithm>

namespace roja::config {

namespace {

// Levenshtein distance, to suggest the key a typo meant; keys are short, so O(n*m) is fine.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t replaced = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, replaced});
        }
    }
    return row[b.size()];
}

constexpr std::size_t kMaxTypoDistance = 2;

}  // namespace

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
        std::string message = "unknown key \"" + entry.name + "\"";
        for (const std::string& name : allowed_) {
            if (entry.name.size() > 64 || edit_distance(entry.name, name) > kMaxTypoDistance)
                continue;
            message += " (did you mean \"" + name + "\"?)";
            break;
        }
        field_.problems.add(entry.key.Mark(), field_.child(entry.name).path,
                            message + "; allowed keys here: " + allowed);
    }
}

}  // namespace roja::config
