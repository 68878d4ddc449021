#include "daemon/metrics/worker_metrics.hpp"

#include <algorithm>

namespace roja::metrics {

void PolicySlots::map(std::shared_ptr<const filter::Policy> shared, MetricSlots& slots) {
    policy_ = std::move(shared);
    const filter::Policy& policy = *policy_;
    lists_.assign(policy.list_count(), 0);
    for (std::size_t i = 0; i < policy.list_count(); ++i) {
        const filter::ListInfo& list = policy.list(static_cast<filter::ListIndex>(i));
        lists_[i] = slots.lists.slot(
            {list.id, list.authority, std::string(filter::to_string(list.reason))});
    }
    groups_.assign(std::max<std::size_t>(policy.group_count(), 1), 0);
    for (std::size_t i = 0; i < policy.group_count(); ++i)
        groups_[i] = slots.groups.slot({policy.group(static_cast<filter::GroupIndex>(i)).name});
}

}  // namespace roja::metrics
