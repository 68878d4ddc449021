// The per-node and per-order answers (hub_routes.hpp): what the hub knows of each node, and one
// order's hits per day summed over the nodes.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "daemon/api/csv_table.hpp"
#include "daemon/hub/hub_routes.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;
using api::ApiRequest;
using api::ApiResponse;

json::value nullable(const Query& query, int column) {
    return query.is_null_at(column) ? json::value(nullptr) : json::value(query.integer_at(column));
}

// The feeds' serials in force, from the node's last /status answer.
json::array serials_in_force(const std::string& status_json) {
    json::array out;
    boost::system::error_code ec;
    const json::value status = json::parse(status_json, ec);
    const auto* object = ec ? nullptr : status.if_object();
    const auto* feeds = object ? object->if_contains("feeds") : nullptr;
    if (!feeds || !feeds->is_array()) return out;
    for (const json::value& feed : feeds->get_array())
        if (const auto* f = feed.if_object())
            out.push_back({{"feed", f->contains("feed") ? f->at("feed") : nullptr},
                           {"serial", f->contains("serial") ? f->at("serial") : nullptr}});
    return out;
}

constexpr std::string_view kNodeQuery =
    "SELECT n.node_id, n.isp, n.api, n.last_poll_at, n.last_success_at, n.last_error, "
    "n.chain_ok, n.chain_detail, n.degraded, n.status_json, "
    "(SELECT max(seq) FROM audit_records a WHERE a.node_id = n.node_id), "
    "(SELECT count(*) FROM alarms l WHERE l.node_id = n.node_id AND l.cleared_at IS NULL) "
    "FROM nodes n ORDER BY n.isp, n.node_id";

}  // namespace

ApiResponse nodes_answer(const HubViews& views, const ApiRequest& request) {
    Query query(views.db(), kNodeQuery);
    json::array nodes;
    api::CsvTable csv;
    csv.row({"node", "isp", "last_poll_at", "last_success_at", "last_error", "chain_ok", "degraded",
             "last_seq", "open_alarms"});
    while (query.next()) {
        csv.row({query.text_at(0), query.text_at(1), query.text_at(3), query.text_at(4),
                 query.text_at(5), query.text_at(6), query.text_at(8), query.text_at(10),
                 query.text_at(11)});
        nodes.push_back({{"id", query.text_at(0)},
                         {"isp", query.text_at(1)},
                         {"api", query.text_at(2)},
                         {"last_poll_at", nullable(query, 3)},
                         {"last_success_at", nullable(query, 4)},
                         {"last_error", query.text_at(5)},
                         {"chain_ok", query.integer_at(6) != 0},
                         {"chain_detail", query.text_at(7)},
                         {"degraded", query.integer_at(8) != 0},
                         {"in_force", serials_in_force(query.text_at(9))},
                         {"last_seq", nullable(query, 10)},
                         {"open_alarms", query.integer_at(11)}});
    }
    if (query.error) return api::error_response(500, "the hub's store: " + query.error.message());
    if (request.wants_csv())
        return api::text_response(csv.take(), std::string(api::kCsvContentType));
    return api::json_response(json::object{{"nodes", std::move(nodes)}});
}

ApiResponse order_answer(const HubViews& views, const ApiRequest& request) {
    const auto entry = request.param("entry");
    if (!entry || entry->empty()) return api::error_response(400, "entry: the order's entry id");
    Query query(views.db(),
                "SELECT day, sum(hits), count(DISTINCT node_id), min(authority), min(decision) "
                "FROM hits WHERE entry = ?1 GROUP BY day ORDER BY day");
    query.text(1, *entry);
    json::array days;
    api::CsvTable csv;
    csv.row({"day", "entry", "hits", "nodes"});
    while (query.next()) {
        csv.row({query.text_at(0), *entry, query.text_at(1), query.text_at(2)});
        days.push_back({{"day", query.text_at(0)},
                        {"hits", query.integer_at(1)},
                        {"nodes", query.integer_at(2)},
                        {"authority", query.text_at(3)},
                        {"decision", query.text_at(4)}});
    }
    if (query.error) return api::error_response(500, "the hub's store: " + query.error.message());
    if (request.wants_csv())
        return api::text_response(csv.take(), std::string(api::kCsvContentType));
    return api::json_response(json::object{{"entry", *entry}, {"days", std::move(days)}});
}

}  // namespace roja::hub
