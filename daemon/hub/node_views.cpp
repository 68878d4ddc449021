// The per-node and per-order answers (hub_routes.hpp): what the hub knows of each node, and one
// order's hits per day summed over the nodes with a national distinct-client estimate.
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <cmath>
#include <set>

#include "daemon/api/csv_table.hpp"
#include "daemon/hub/hub_routes.hpp"
#include "daemon/stats/client_sketch.hpp"

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

// One order's day over every node: hits summed, the nodes' HyperLogLog sketches merged.
struct OrderDay {
    std::string day, authority, decision;
    std::int64_t hits = 0;
    std::set<std::string> nodes;
    stats::ClientSketch clients;
};

Result<std::vector<OrderDay>> national_days(sqlite3* db, const std::string& entry) {
    Query query(db,
                "SELECT day, node_id, hits, clients_sketch, authority, decision FROM hits "
                "WHERE entry = ?1 ORDER BY day");
    query.text(1, entry);
    std::vector<OrderDay> days;
    while (query.next()) {
        if (days.empty() || days.back().day != query.text_at(0))
            days.push_back({query.text_at(0), query.text_at(4), query.text_at(5), 0, {}, {}});
        OrderDay& day = days.back();
        day.hits += query.integer_at(2);
        day.nodes.insert(query.text_at(1));
        if (const auto sketch = stats::ClientSketch::parse(query.blob_at(3)))
            day.clients.merge(*sketch);
    }
    if (query.error) return query.error;
    return days;
}

// Where probes found the order not enforced: node, name, what was answered, which version, when.
Result<json::array> probe_misses(sqlite3* db, const std::string& entry) {
    Query query(db,
                "SELECT r.node_id, m.name, m.how, r.feed, r.serial, r.finished_at "
                "FROM probe_misses m JOIN probe_reports r ON r.sha256 = m.sha256 "
                "WHERE m.entry_id = ?1 ORDER BY r.finished_at, r.node_id");
    query.text(1, entry);
    json::array misses;
    while (query.next())
        misses.push_back({{"node", query.text_at(0)},
                          {"name", query.text_at(1)},
                          {"how", query.text_at(2)},
                          {"feed", query.text_at(3)},
                          {"serial", query.integer_at(4)},
                          {"finished_at", query.text_at(5)}});
    if (query.error) return query.error;
    return misses;
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
    const auto days = national_days(views.db(), std::string(*entry));
    if (!days) return api::error_response(500, "the hub's store: " + days.error().message());
    json::array out;
    api::CsvTable csv;
    csv.row({"day", "entry", "hits", "nodes", "clients_estimate"});
    for (const OrderDay& day : *days) {
        // No sketch from any node (an older rojad): no estimate rather than a zero.
        const json::value clients = day.clients.empty()
                                        ? json::value(nullptr)
                                        : json::value(std::llround(day.clients.estimate()));
        csv.row({day.day, *entry, std::to_string(day.hits), std::to_string(day.nodes.size()),
                 clients.is_null() ? std::string() : std::to_string(clients.as_int64())});
        out.push_back({{"day", day.day},
                       {"hits", day.hits},
                       {"nodes", day.nodes.size()},
                       {"clients_estimate", clients},
                       {"authority", day.authority},
                       {"decision", day.decision}});
    }
    if (request.wants_csv())
        return api::text_response(csv.take(), std::string(api::kCsvContentType));
    auto misses = probe_misses(views.db(), std::string(*entry));
    if (!misses) return api::error_response(500, "the hub's store: " + misses.error().message());
    return api::json_response(json::object{
        {"entry", *entry}, {"days", std::move(out)}, {"probe_misses", std::move(*misses)}});
}

}  // namespace roja::hub
