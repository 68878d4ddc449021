#include "daemon/app/service_status.hpp"

#include <doctest/doctest.h>

using namespace roja;

TEST_CASE("the status line names the policy serial, the lists and their entries") {
    server::StateLoad load;
    load.lists.resize(2);
    load.lists[0].entries = 1200;
    load.lists[1].entries = 34;
    CHECK(app::serving_status(3, load) == "policy 3: 2 lists, 1234 entries");
    CHECK(app::serving_status(1, server::StateLoad{}) == "policy 1: 0 lists, 0 entries");
}

TEST_CASE("a failed reload says which policy is still served and why") {
    CHECK(app::reload_failed_status(2, "cannot read /etc/roja/lists/a.txt") ==
          "policy 2; last reload failed: cannot read /etc/roja/lists/a.txt");
}

TEST_CASE("feed lists count with the configured ones, and each feed's serial joins the line") {
    server::StateLoad load;
    load.lists.resize(1);
    load.lists[0].entries = 10;
    load.feed_lists.resize(1);
    load.feed_lists[0].loaded = 5;
    feed::FeedStatus fresh, stale, empty;
    fresh.feed = "akep-al";
    fresh.serial = 42;
    stale.feed = "akdf-al";
    stale.serial = 7;
    stale.is_stale = true;
    empty.feed = "courts";
    CHECK(app::with_feeds(app::serving_status(3, load), {fresh, stale, empty}) ==
          "policy 3: 2 lists, 15 entries; feed akep-al serial 42; feed akdf-al serial 7 (stale); "
          "feed courts no version");
}
