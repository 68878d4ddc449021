// Enforcement degraded (no upstream) is tries without a single answer over a period; restored at
// the first answer; an idle period decides nothing.
#include "daemon/app/upstream_watch.hpp"

#include <doctest/doctest.h>

using roja::app::UpstreamReachability;

TEST_CASE("tries without answers degrade, the first answer restores, idleness changes nothing") {
    UpstreamReachability watch;
    CHECK(watch.observe(10, 10) == UpstreamReachability::Change::none);
    CHECK(watch.observe(11, 10) ==
          UpstreamReachability::Change::none);  // one failed try: too few to say
    CHECK(watch.observe(20, 10) == UpstreamReachability::Change::degraded);
    CHECK(watch.is_degraded());
    CHECK(watch.observe(30, 10) ==
          UpstreamReachability::Change::none);  // still down: recorded once
    CHECK(watch.observe(30, 10) == UpstreamReachability::Change::none);  // idle
    CHECK(watch.observe(31, 11) == UpstreamReachability::Change::restored);
    CHECK_FALSE(watch.is_degraded());
}
