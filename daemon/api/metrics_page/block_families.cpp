// Blocks by list (with its authority and reason class), by client group and by how the name
// matched; the policy in force.
#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

namespace {

using server::WorkerCounters;

void render_by_list(Exposition& out, const MetricsView& view) {
    out.family("roja_blocked_total", "counter",
               "Blocked queries by the deciding list, its authority and reason class (list _other: "
               "past 1024 lists).");
    const std::vector<Labels> lists = view.slots->lists.labels();
    for (std::size_t slot = 0; slot < lists.size(); ++slot) {
        const Labels& labels = lists[slot];
        if (labels.size() != 3) continue;  // an unused slot
        out.sample("roja_blocked_total",
                   {{"list", labels[0]}, {"authority", labels[1]}, {"reason", labels[2]}},
                   sum_workers(
                       view, [slot](const WorkerCounters& c) -> auto& {
                           return c.metrics.blocked_by_list[slot];
                       }));
    }
}

void render_by_group(Exposition& out, const MetricsView& view) {
    out.family("roja_blocked_by_group_total", "counter",
               "Blocked queries by the client group that asked.");
    const std::vector<Labels> groups = view.slots->groups.labels();
    for (std::size_t slot = 0; slot < groups.size(); ++slot) {
        if (groups[slot].size() != 1) continue;
        out.sample("roja_blocked_by_group_total", {{"group", groups[slot][0]}},
                   sum_workers(
                       view, [slot](const WorkerCounters& c) -> auto& {
                           return c.metrics.blocked_by_group[slot];
                       }));
    }
}

void render_by_match(Exposition& out, const MetricsView& view) {
    const std::uint64_t all = sum_workers(
        view, [](const WorkerCounters& c) -> auto& { return c.answered_blocked; });
    const std::uint64_t cname = sum_workers(
        view, [](const WorkerCounters& c) -> auto& { return c.blocked_by_cname; });
    const std::uint64_t address = sum_workers(
        view, [](const WorkerCounters& c) -> auto& { return c.blocked_by_address; });
    out.family("roja_blocked_by_match_total", "counter",
               "Blocked queries by what matched: the name itself, a CNAME target or an address in "
               "the upstream answer.");
    // Read one after the other while workers count: clamp rather than underflow.
    out.sample("roja_blocked_by_match_total", {{"match", "name"}},
               all > cname + address ? all - cname - address : std::uint64_t{0});
    out.sample("roja_blocked_by_match_total", {{"match", "cname"}}, cname);
    out.sample("roja_blocked_by_match_total", {{"match", "address"}}, address);
}

void render_policy(Exposition& out, const MetricsView& view) {
    out.single("roja_policy_generation", "gauge",
               "Policy states published since start (start-up, reloads, feed versions).",
               view.policy.generation);
    out.single("roja_policy_lists", "gauge", "Lists in the policy in force.",
               static_cast<std::uint64_t>(view.policy.lists));
    out.single("roja_policy_name_entries", "gauge", "Name entries in the policy in force.",
               static_cast<std::uint64_t>(view.policy.name_entries));
    out.single("roja_policy_groups", "gauge", "Client groups in the policy in force.",
               static_cast<std::uint64_t>(view.policy.groups));
}

}  // namespace

void render_block_families(Exposition& out, const MetricsView& view) {
    render_by_list(out, view);
    render_by_group(out, view);
    render_by_match(out, view);
    render_policy(out, view);
}

}  // namespace roja::metrics
