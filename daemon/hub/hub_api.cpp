// The hub's JSON and CSV answers (hub_routes.hpp): the compliance matrix, the nodes, the alarms
// and one order's national hits.
#include <charconv>

#include <boost/json/array.hpp>

#include "daemon/api/csv_table.hpp"
#include "daemon/hub/alarm_store.hpp"
#include "daemon/hub/compliance_matrix.hpp"
#include "daemon/hub/hub_poller.hpp"
#include "daemon/hub/hub_routes.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;
using api::ApiRequest;
using api::ApiResponse;

std::size_t limit_of(const ApiRequest& request, std::size_t fallback) {
    const auto text = request.param("limit");
    std::size_t value = fallback;
    if (text) std::from_chars(text->data(), text->data() + text->size(), value);
    return std::min<std::size_t>(value, 100000);
}

json::value or_null(const std::optional<double>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

std::string delay_text(const std::optional<double>& value) {
    return value ? std::to_string(static_cast<std::int64_t>(*value)) : std::string();
}

std::string_view state_name(CellState state) {
    return kCellStateNames[static_cast<std::size_t>(state)];
}

ApiResponse matrix_csv(const ComplianceMatrix& matrix) {
    api::CsvTable csv;
    csv.row({"feed", "serial", "issued_at", "node", "isp", "state", "applied_at", "delay_seconds",
             "reason", "probe"});
    for (std::size_t v = 0; v < matrix.versions.size(); ++v)
        for (std::size_t n = 0; n < matrix.nodes.size(); ++n) {
            const MatrixCell& cell = matrix.cells[v][n];
            csv.row({matrix.versions[v].feed, std::to_string(matrix.versions[v].serial),
                     matrix.versions[v].issued_at, matrix.nodes[n].id, matrix.nodes[n].isp,
                     state_name(cell.state), cell.applied_at, delay_text(cell.delay_seconds),
                     cell.reason, cell.probe});
        }
    return api::text_response(csv.take(), std::string(api::kCsvContentType));
}

json::object matrix_json(const ComplianceMatrix& matrix) {
    json::array nodes, versions;
    for (const MatrixNode& node : matrix.nodes)
        nodes.push_back({{"id", node.id}, {"isp", node.isp}, {"chain_ok", node.is_chain_ok}});
    for (std::size_t v = 0; v < matrix.versions.size(); ++v) {
        json::array cells;
        for (std::size_t n = 0; n < matrix.nodes.size(); ++n) {
            const MatrixCell& cell = matrix.cells[v][n];
            cells.push_back({{"node", matrix.nodes[n].id},
                             {"state", state_name(cell.state)},
                             {"applied_at", cell.applied_at},
                             {"delay_seconds", or_null(cell.delay_seconds)},
                             {"reason", cell.reason},
                             {"probe", cell.probe}});
        }
        const MatrixVersion& version = matrix.versions[v];
        versions.push_back({{"feed", version.feed},
                            {"serial", version.serial},
                            {"issued_at", version.issued_at},
                            {"deadline_seconds", version.deadline_seconds},
                            {"cells", std::move(cells)}});
    }
    return {{"now", matrix.now}, {"nodes", std::move(nodes)}, {"versions", std::move(versions)}};
}

json::object alarm_json(const Alarm& alarm) {
    return {{"id", alarm.id},
            {"node", alarm.node_id},
            {"kind", alarm.kind},
            {"subject", alarm.subject},
            {"detail", alarm.detail},
            {"raised_at", alarm.raised_at},
            {"cleared_at", alarm.cleared_at ? json::value(*alarm.cleared_at) : nullptr}};
}

}  // namespace

Result<ComplianceMatrix> read_view_matrix(const HubViews& views, const ApiRequest& request) {
    const DeadlineOf deadline = [&views](const std::string& feed) {
        return static_cast<std::int64_t>(views.hub().deadline_of(feed).count());
    };
    return read_matrix(views.db(), deadline, unix_now(), limit_of(request, 500),
                       std::string(request.param("feed").value_or("")));
}

ApiResponse matrix_answer(const HubViews& views, const ApiRequest& request) {
    const auto matrix = read_view_matrix(views, request);
    if (!matrix) return api::error_response(500, "the hub's store: " + matrix.error().message());
    return request.wants_csv() ? matrix_csv(*matrix) : api::json_response(matrix_json(*matrix));
}

ApiResponse alarms_answer(const HubViews& views, const ApiRequest& request) {
    const auto alarms = alarm_history(views.db(), std::string(request.param("node").value_or("")),
                                      limit_of(request, 1000));
    if (!alarms) return api::error_response(500, "the hub's store: " + alarms.error().message());
    if (request.wants_csv()) {
        api::CsvTable csv;
        csv.row({"id", "node", "kind", "subject", "detail", "raised_at", "cleared_at"});
        for (const Alarm& a : *alarms)
            csv.row({std::to_string(a.id), a.node_id, a.kind, a.subject, a.detail,
                     std::to_string(a.raised_at),
                     a.cleared_at ? std::to_string(*a.cleared_at) : std::string()});
        return api::text_response(csv.take(), std::string(api::kCsvContentType));
    }
    json::array out;
    for (const Alarm& alarm : *alarms) out.push_back(alarm_json(alarm));
    return api::json_response(json::object{{"alarms", std::move(out)}});
}

}  // namespace roja::hub
