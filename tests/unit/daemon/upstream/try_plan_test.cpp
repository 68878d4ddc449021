// TryPlan: the order of one query's tries over the servers.
#include "daemon/upstream/try_plan.hpp"

#include <doctest/doctest.h>

namespace roja::upstream {

TEST_CASE("each server is tried once in health order, then the round starts again as repeats") {
    TryPlan plan({2, 0, 1});
    std::vector<std::size_t> seen;
    std::vector<bool> repeat;
    for (int i = 0; i < 5; ++i) {
        seen.push_back(*plan.peek());
        repeat.push_back(plan.next_is_repeat());
        plan.advance();
    }
    CHECK(seen == std::vector<std::size_t>{2, 0, 1, 2, 0});
    CHECK(repeat == std::vector<bool>{false, false, false, true, true});
    CHECK(plan.repeats() == 2);
}

TEST_CASE("a single server is sent the query again, as a repeat") {
    TryPlan plan({0});
    plan.advance();
    CHECK(*plan.peek() == 0);
    CHECK(plan.next_is_repeat());
}

TEST_CASE("a server given up is skipped, and none is left once all are given up") {
    TryPlan plan({0, 1});
    plan.give_up(0);
    CHECK(*plan.peek() == 1);
    plan.advance();
    CHECK(*plan.peek() == 1);  // server 0 is skipped in the next round too
    plan.give_up(1);
    CHECK_FALSE(plan.peek().has_value());
    CHECK_FALSE(plan.next_is_repeat());
}

}  // namespace roja::upstream
