#include "daemon/hub/compliance_report.hpp"

#include <array>

#include <boost/json/array.hpp>

#include "daemon/hub/alarm_store.hpp"
#include "daemon/hub/compliance_matrix.hpp"
#include "filter/utc_time.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;

bool is_within(std::string_view time, const ReportPeriod& period) {
    const std::string_view day = time.substr(0, 10);
    return day >= period.from && day <= period.to;
}

json::array versions_of(const ComplianceMatrix& matrix, const ReportPeriod& period,
                        std::array<std::uint64_t, kCellStateNames.size()>& counts) {
    json::array versions;
    for (std::size_t v = 0; v < matrix.versions.size(); ++v) {
        const MatrixVersion& version = matrix.versions[v];
        if (!is_within(version.issued_at, period)) continue;
        json::array cells;
        for (std::size_t n = 0; n < matrix.nodes.size(); ++n) {
            const MatrixCell& cell = matrix.cells[v][n];
            ++counts[static_cast<std::size_t>(cell.state)];
            cells.push_back({{"node", matrix.nodes[n].id},
                             {"state", kCellStateNames[static_cast<std::size_t>(cell.state)]},
                             {"applied_at", cell.applied_at},
                             {"delay_seconds", cell.delay_seconds ? json::value(*cell.delay_seconds)
                                                                  : json::value(nullptr)},
                             {"reason", cell.reason}});
        }
        versions.push_back({{"feed", version.feed},
                            {"serial", version.serial},
                            {"issued_at", version.issued_at},
                            {"deadline_seconds", version.deadline_seconds},
                            {"cells", std::move(cells)}});
    }
    return versions;
}

std::string utc(std::int64_t unix_seconds) {
    return filter::format_utc(std::chrono::sys_seconds(std::chrono::seconds(unix_seconds)));
}

// The alarms raised in the period, or raised before it and still open in it.
Result<json::array> alarms_of(sqlite3* db, const ReportPeriod& period) {
    const auto alarms = alarm_history(db, "", 100000);
    if (!alarms) return alarms.error();
    json::array out;
    for (const Alarm& alarm : *alarms) {
        const std::string raised = utc(alarm.raised_at);
        const bool was_open_in =
            raised.substr(0, 10) <= period.to &&
            (!alarm.cleared_at || utc(*alarm.cleared_at).substr(0, 10) >= period.from);
        if (!was_open_in) continue;
        out.push_back({{"node", alarm.node_id},
                       {"kind", alarm.kind},
                       {"subject", alarm.subject},
                       {"detail", alarm.detail},
                       {"raised_at", raised},
                       {"cleared_at", alarm.cleared_at ? json::value(utc(*alarm.cleared_at))
                                                       : json::value(nullptr)}});
    }
    return out;
}

}  // namespace

Result<json::object> build_report(const HubViews& views, const ReportPeriod& period,
                                  std::int64_t now) {
    const auto matrix = read_matrix(
        views.db(),
        [&views](const std::string& feed) {
            return static_cast<std::int64_t>(views.hub().deadline_of(feed).count());
        },
        now, 0);
    if (!matrix) return matrix.error();
    auto alarms = alarms_of(views.db(), period);
    if (!alarms) return alarms.error();
    std::array<std::uint64_t, kCellStateNames.size()> counts{};
    json::array versions = versions_of(*matrix, period, counts);
    json::object totals;
    for (std::size_t s = 0; s < counts.size(); ++s) totals[kCellStateNames[s]] = counts[s];
    json::array nodes;
    for (const MatrixNode& node : matrix->nodes)
        nodes.push_back({{"id", node.id}, {"isp", node.isp}});
    return json::object{{"format", "roja-hub-report/1"},
                        {"generated_at", utc(now)},
                        {"from", period.from},
                        {"to", period.to},
                        {"nodes", std::move(nodes)},
                        {"cells_by_state", std::move(totals)},
                        {"versions", std::move(versions)},
                        {"alarms", std::move(*alarms)}};
}

}  // namespace roja::hub
