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
