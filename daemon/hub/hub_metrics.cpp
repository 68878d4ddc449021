// GET /metrics: the hub's counters and, from the database, the open alarms by kind and node.
// Node ids are labels: they are the hub's own configured names, a bounded set.
#include "daemon/hub/hub_counters.hpp"
#include "daemon/hub/hub_routes.hpp"

namespace roja::hub {

namespace {

void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t value) {
    out += "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
           std::string(name) + " counter\n" + std::string(name) + " " + std::to_string(value) +
           "\n";
}

void per_kind(std::string& out, std::string_view name, std::string_view help,
              const std::array<std::atomic<std::uint64_t>, kAlarmKindNames.size()>& values) {
    out += "# HELP " + std::string(name) + " " + std::string(help) + "\n# TYPE " +
           std::string(name) + " counter\n";
    for (std::size_t k = 0; k < values.size(); ++k)
        out += std::string(name) + "{kind=\"" + std::string(kAlarmKindNames[k]) + "\"} " +
               std::to_string(values[k].load(std::memory_order_relaxed)) + "\n";
}

}  // namespace

api::ApiResponse hub_metrics(const HubViews& views) {
    const HubCounters& c = hub_counters();
    std::string out;
    counter(out, "roja_hub_polls_ok_total", "Node polls that completed every step.", c.polls_ok);
    counter(out, "roja_hub_polls_failed_total", "Node polls that ended with an error.",
            c.polls_failed);
    counter(out, "roja_hub_cycles_total", "Poll cycles run.", c.cycles);
    counter(out, "roja_hub_audit_records_total", "Audit records stored after their chain check.",
            c.audit_records);
    per_kind(out, "roja_hub_alarms_raised_total", "Alarms raised, by kind.", c.alarms_raised);
    per_kind(out, "roja_hub_alarms_cleared_total", "Alarms cleared, by kind.", c.alarms_cleared);
    out +=
        "# HELP roja_hub_alarms_open Alarms open now, by node and kind.\n"
        "# TYPE roja_hub_alarms_open gauge\n";
    Query query(views.db(),
                "SELECT node_id, kind, count(*) FROM alarms WHERE cleared_at IS NULL "
                "GROUP BY node_id, kind ORDER BY node_id, kind");
    while (query.next())
        out += "roja_hub_alarms_open{node=\"" + query.text_at(0) + "\",kind=\"" + query.text_at(1) +
               "\"} " + query.text_at(2) + "\n";
    return api::text_response(std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace roja::hub
