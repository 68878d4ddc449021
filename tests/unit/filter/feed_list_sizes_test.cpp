// Guard 9: a list may shrink or grow only within the configured ratio; small lists are exempt.
#include "filter/feed_list_sizes.hpp"

#include <doctest/doctest.h>

using namespace roja::filter;

namespace {

FeedManifest manifest(std::initializer_list<std::pair<const char*, std::uint64_t>> lists) {
    FeedManifest out;
    for (const auto& [id, entries] : lists) {
        FeedList list;
        list.id = id;
        list.entries = entries;
        out.lists.push_back(list);
    }
    return out;
}

}  // namespace

TEST_CASE("a list within the shrink and growth limits passes") {
    const ListSizeLimits limits{50, 1000, 100};
    CHECK(check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 500}}), limits).has_value());
    CHECK(check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 11000}}), limits).has_value());
}

TEST_CASE("a list that shrinks or grows past the limit is rejected with its counts") {
    const ListSizeLimits limits{50, 1000, 100};
    auto shrunk = check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 499}}), limits);
    REQUIRE_FALSE(shrunk.has_value());
    CHECK(shrunk.error().error == FeedError::list_size_ratio);
    CHECK(shrunk.error().detail == "list a: 1000 -> 499 entries, past the allowed shrink of 50%");
    auto grown = check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 11001}}), limits);
    REQUIRE_FALSE(grown.has_value());
    CHECK(grown.error().detail.find("growth of 1000%") != std::string::npos);
}

TEST_CASE("a dropped list counts as shrunk to nothing; a new list passes") {
    const ListSizeLimits limits{50, 1000, 100};
    auto dropped = check_list_sizes(manifest({{"a", 1000}}), manifest({{"b", 1000}}), limits);
    REQUIRE_FALSE(dropped.has_value());
    CHECK(dropped.error().detail.find("gone from the new version") != std::string::npos);
    CHECK(check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 1000}, {"b", 5}}), limits)
              .has_value());
}

TEST_CASE("small lists and zero limits are exempt") {
    CHECK(
        check_list_sizes(manifest({{"a", 99}}), manifest({{"a", 0}}), {50, 1000, 100}).has_value());
    CHECK(check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 0}}), {0, 0, 100}).has_value());
    CHECK(check_list_sizes(manifest({{"a", 1000}}), manifest({{"a", 1'000'000'000}}), {50, 0, 100})
              .has_value());
}
