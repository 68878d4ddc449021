// RetryBudget: retransmits paid for by answers.
#include "daemon/upstream/retry_budget.hpp"

#include <doctest/doctest.h>

namespace roja::upstream {

TEST_CASE("a new budget allows no retransmit until answers have paid for one") {
    RetryBudget budget(0.5, 100);
    CHECK_FALSE(budget.try_spend());
    budget.on_answer();
    CHECK_FALSE(budget.try_spend());
    budget.on_answer();
    CHECK(budget.try_spend());
    CHECK_FALSE(budget.try_spend());
}

TEST_CASE("the budget saves up no more than its burst") {
    RetryBudget budget(0.5, 3);
    for (int i = 0; i < 100; ++i) budget.on_answer();
    int spent = 0;
    while (budget.try_spend()) ++spent;
    CHECK(spent == 3);
}

}  // namespace roja::upstream
