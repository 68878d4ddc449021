// Reads one YAML map key by key. The keys a section asks for are its allowed keys: any other
// key in the document is reported as unknown with that list, and a key written twice is
// reported too (yaml-cpp keeps both). Internal to config/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/field_readers.hpp"

namespace roja::config {

class MapReader {
  public:
    // A null value (an empty section such as "cache:") reads as an empty map.
    explicit MapReader(const Field& field);

    // The value under `key`, if written.
    std::optional<Field> find(std::string_view key);

    // Reads `key` with `reader` into `out` when written and valid; `out` keeps its default
    // otherwise.
    template <class T, class Reader>
    void read(std::string_view key, T& out, Reader reader) {
        if (auto field = find(key)) {
            if (auto value = reader(*field)) out = static_cast<T>(std::move(*value));
        }
    }

    // Reports `key` as missing at the map's own position.
    void report_missing(std::string_view key) const;
    // Reports each written key that no find() asked for. Call after the last find().
    void report_unknown_keys() const;

    const Field& field() const noexcept { return field_; }

  private:
    struct Entry {
        std::string name;
        YAML::Node key;
        YAML::Node value;
        bool is_used = false;
    };

    void add_entry(const YAML::Node& key, const YAML::Node& value);

    Field field_;
    std::vector<Entry> entries_;
    std::vector<std::string> allowed_;
};

}  // namespace roja::config
