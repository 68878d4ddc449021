#include "filter/feed_list_sizes.hpp"

#include <string>

namespace roja::filter {

namespace {

const FeedList* find_list(const FeedManifest& manifest, const std::string& id) {
    for (const FeedList& list : manifest.lists)
        if (list.id == id) return &list;
    return nullptr;
}

std::string describe(const std::string& id, std::uint64_t before, std::uint64_t after,
                     std::string_view limit) {
    return "list " + id + ": " + std::to_string(before) + " -> " + std::to_string(after) +
           " entries, past " + std::string(limit);
}

}  // namespace

FeedResult<void> check_list_sizes(const FeedManifest& previous, const FeedManifest& next,
                                  const ListSizeLimits& limits) {
    for (const FeedList& old_list : previous.lists) {
        const std::uint64_t before = old_list.entries;
        if (before < limits.min_entries || before == 0) continue;
        const FeedList* new_list = find_list(next, old_list.id);
        const std::uint64_t after = new_list ? new_list->entries : 0;
        // Compared in 128 bits: entry counts are any 64-bit integer the publisher wrote.
        const auto after_100 = static_cast<unsigned __int128>(after) * 100;
        const auto before_wide = static_cast<unsigned __int128>(before);
        if (limits.max_shrink_percent > 0 &&
            after_100 < before_wide * (100 - limits.max_shrink_percent))
            return feed_problem(
                FeedError::list_size_ratio,
                describe(old_list.id, before, after,
                         "the allowed shrink of " + std::to_string(limits.max_shrink_percent) +
                             "%" + (new_list ? "" : " (the list is gone from the new version)")));
        if (limits.max_growth_percent > 0 &&
            after_100 > before_wide * (100 + limits.max_growth_percent))
            return feed_problem(FeedError::list_size_ratio,
                                describe(old_list.id, before, after,
                                         "the allowed growth of " +
                                             std::to_string(limits.max_growth_percent) + "%"));
    }
    return {};
}

}  // namespace roja::filter
