// Guard 9 of docs/feed.md: a list that suddenly loses most of its entries (a truncated export) or
// balloons (a whole registry pasted in) is more likely an accident than an order. Checked on the
// signed manifests' entry counts, before any payload is downloaded.
#pragma once

#include <cstdint>

#include "filter/feed_manifest.hpp"

namespace roja::filter {

struct ListSizeLimits {
    std::uint32_t max_shrink_percent = 50;    // 0 = no limit
    std::uint32_t max_growth_percent = 1000;  // 0 = no limit
    std::uint64_t min_entries = 100;          // lists smaller than this before are exempt
};

// list_size_ratio naming the first list past a limit. A list the new version drops counts as
// shrunk to nothing; a list it adds has nothing to compare with and passes.
FeedResult<void> check_list_sizes(const FeedManifest& previous, const FeedManifest& next,
                                  const ListSizeLimits& limits);

}  // namespace roja::filter
