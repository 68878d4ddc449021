// The labelled counters one worker keeps for /metrics, beside the plain ones of WorkerCounters:
// queries by type and blocks by list and by group, as fixed arrays indexed by stable slots
// (label_slots.hpp). Counting a block is two array increments; only a new policy (a reload)
// costs a lookup, once per worker.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "daemon/metrics/counter.hpp"
#include "daemon/metrics/label_slots.hpp"
#include "daemon/metrics/qtype_slots.hpp"
#include "filter/policy.hpp"

namespace roja::metrics {

// Which slot each list and group of one policy counts into.
class PolicySlots {
  public:
    void map(std::shared_ptr<const filter::Policy> policy, MetricSlots& slots = metric_slots());
    bool is_for(const filter::Policy& policy) const noexcept { return policy_.get() == &policy; }
    Slot list(filter::ListIndex index) const noexcept { return lists_[index]; }
    Slot group(filter::GroupIndex index) const noexcept {
        return index < groups_.size() ? groups_[index] : groups_[0];
    }

  private:
    std::shared_ptr<const filter::Policy>
        policy_;  // held, so its address is never reused meanwhile
    std::vector<Slot> lists_;
    std::vector<Slot> groups_;
};

struct WorkerMetrics {
    std::array<Counter, kQtypeNames.size()> queries_by_type{};
    std::array<Counter, kMaxListSlots> blocked_by_list{};
    std::array<Counter, kMaxGroupSlots> blocked_by_group{};
    Counter cache_misses;

    void count_query_type(std::uint16_t qtype) noexcept {
        queries_by_type[qtype_slot(qtype)].add();
    }
    // Worker thread only. `policy` is the one that decided; an answer that waited for an upstream
    // across a reload may bring the old one. The mappings of the last two policies are kept, so
    // answers of the old and the new policy interleaving after a reload never remap per answer.
    void count_block(const filter::Verdict& verdict,
                     const std::shared_ptr<const filter::Policy>& policy) {
        if (!slots_[current_].is_for(*policy)) {
            current_ ^= 1;
            if (!slots_[current_].is_for(*policy))
                slots_[current_].map(policy);  // rare: once per reload
        }
        blocked_by_list[slots_[current_].list(verdict.list)].add();
        blocked_by_group[slots_[current_].group(verdict.group)].add();
    }

  private:
    std::array<PolicySlots, 2> slots_;
    std::size_t current_ = 0;
};

}  // namespace roja::metrics
