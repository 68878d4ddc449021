// Blocks are counted under their list's stable slot whichever policy decided them: answers of the
// old and the new policy interleaving after a reload land on the same labels.
#include "daemon/metrics/worker_metrics.hpp"

#include <doctest/doctest.h>

#include "filter/policy_builder.hpp"

using namespace roja;

namespace {

std::shared_ptr<const filter::Policy> policy_with(std::initializer_list<const char*> ids) {
    filter::PolicyBuilder builder;
    for (const char* id : ids) builder.add_list({.id = id, .authority = "AKEP"});
    return std::move(builder).build();
}

filter::Verdict blocked_by(filter::ListIndex list) {
    filter::Verdict verdict;
    verdict.kind = filter::VerdictKind::blocked;
    verdict.list = list;
    return verdict;
}

}  // namespace

TEST_CASE("blocks of an old and a new policy, interleaved, count under the same list slots") {
    const auto old_policy = policy_with({"worker-metrics-a", "worker-metrics-b"});
    const auto new_policy =
        policy_with({"worker-metrics-b", "worker-metrics-a"});  // the lists swapped places
    metrics::WorkerMetrics counters;
    const auto slot_a = metrics::metric_slots().lists.slot({"worker-metrics-a", "AKEP", "blocked"});
    const auto slot_b = metrics::metric_slots().lists.slot({"worker-metrics-b", "AKEP", "blocked"});
    for (int i = 0; i < 3; ++i) {
        counters.count_block(blocked_by(0), old_policy);  // a in the old policy
        counters.count_block(blocked_by(0), new_policy);  // b in the new one
    }
    CHECK(counters.blocked_by_list[slot_a].get() == 3);
    CHECK(counters.blocked_by_list[slot_b].get() == 3);
}
