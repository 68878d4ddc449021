// What a reload has to do with the feeds: added, changed (any setting, not only the source or
// keys) and removed feeds, told apart by id.
#include "daemon/app/feed_reload.hpp"

#include <doctest/doctest.h>

using roja::app::feed_changes;
using roja::config::FeedConfig;

namespace {

FeedConfig feed(const std::string& id, const std::string& source) {
    FeedConfig f;
    f.id = id;
    f.source = source;
    f.keys = {"/etc/roja/keys/" + id + ".pub"};
    return f;
}

}  // namespace

TEST_CASE("the same feeds change nothing") {
    const std::vector<FeedConfig> feeds = {feed("akep-al", "/srv/a"), feed("child-al", "/srv/c")};
    CHECK_FALSE(feed_changes(feeds, feeds).any());
}

TEST_CASE("feeds are added, changed and removed by id, whatever setting changed") {
    FeedConfig slower = feed("akep-al", "/srv/a");
    slower.poll = std::chrono::minutes(30);
    const auto changes = feed_changes({feed("akep-al", "/srv/a"), feed("old-al", "/srv/o")},
                                      {slower, feed("child-al", "/srv/c")});
    CHECK(changes.added == std::vector<std::string>{"child-al"});
    CHECK(changes.changed == std::vector<std::string>{"akep-al"});
    CHECK(changes.removed == std::vector<std::string>{"old-al"});
    CHECK(changes.any());
}
