// Names a feed may never block (docs/feed.md, guard 10): the operator's own services and the most
// popular domains, so that a mistaken or malicious feed entry cannot take them down. A protected
// name is protected itself: an entry naming it, or a whole-domain entry for one of its parents
// ("com", "google.com" when www.google.com is protected), is rejected. Entries below a protected
// name stay allowed ("evil.blogspot.com" when blogspot.com is protected): orders against one
// tenant of a hosting domain are precise and legitimate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "filter/list_entry.hpp"

namespace roja::filter {

class NeverBlock {
  public:
    // `name` in canonical form (domain_name.hpp), as the list parsers emit it.
    void add(std::string_view name);

    // The protected name `entry` would block, if any. Only name entries (domain, exact, sni) are
    // checked; URL entries leave the rest of a host alone and IP entries name no host.
    std::optional<std::string_view> conflict(const ListEntry& entry) const;

    std::size_t size() const noexcept { return names_.size(); }
    bool empty() const noexcept { return names_.empty(); }

  private:
    std::unordered_set<std::string> names_;
    // Each strict parent of a protected name → one protected name below it (for the report).
    std::unordered_map<std::string, std::string> parents_;
};

}  // namespace roja::filter
