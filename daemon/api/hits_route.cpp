// GET /api/v1/hits?from&to&authority&list&by=entry|decision|day[&format=csv]: hit counts from the
// hit store. from/to are dates (2026-11-29, to inclusive) or UTC times (2026-11-29T10:00:00Z,
// to exclusive); by=day adds each entry's distinct-client estimate for the day.
#include <charconv>

#include <boost/json/array.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/api/api_time.hpp"
#include "daemon/api/csv_table.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/crypto/base64.hpp"
#include "daemon/stats/hit_store.hpp"
#include "filter/utc_time.hpp"

namespace roja::api {

namespace {

std::optional<stats::HitQuery> parse_query(const ApiRequest& request, std::string& problem) {
    stats::HitQuery query;
    const TimeRange range = time_range(request, problem);
    if (range.from) query.from = *range.from;
    if (range.to) query.to = *range.to;
    if (const auto authority = request.param("authority"))
        query.authority = std::string(*authority);
    if (const auto list = request.param("list")) query.list = std::string(*list);
    const std::string_view by = request.param("by").value_or("entry");
    if (by == "entry")
        query.by = stats::HitGrouping::entry;
    else if (by == "decision")
        query.by = stats::HitGrouping::decision;
    else if (by == "day")
        query.by = stats::HitGrouping::day;
    else
        problem = "by: expected entry, decision or day";
    if (!problem.empty()) return std::nullopt;
    return query;
}

// `with_sketches` (sketches=1, by=day): each row's HyperLogLog sketch in base64, for a hub to
// merge into a national count; the sketch holds keyed hashes only, the key never leaves rojad.
ApiResponse as_json(const std::vector<stats::HitSummary>& rows, stats::HitGrouping by,
                    bool with_sketches) {
    boost::json::array out;
    for (const stats::HitSummary& row : rows) {
        boost::json::object item;
        if (by == stats::HitGrouping::day) item["day"] = filter::format_utc_day(row.day);
        if (by != stats::HitGrouping::decision) {
            item["entry"] = row.entry;
            item["list"] = row.list;
            item["reason"] = row.reason;
        }
        item["authority"] = row.authority;
        item["decision"] = row.decision;
        item["hits"] = row.hits;
        if (by == stats::HitGrouping::decision) item["entries"] = row.entries;
        if (by == stats::HitGrouping::day)
            item["clients_estimate"] = row.clients_estimate
                                           ? boost::json::value(std::llround(*row.clients_estimate))
                                           : nullptr;
        if (by == stats::HitGrouping::day && with_sketches)
            item["clients_sketch"] = crypto::encode_base64(
                {reinterpret_cast<const std::uint8_t*>(row.clients_sketch.data()),
                 row.clients_sketch.size()});
        out.push_back(std::move(item));
    }
    return json_response(boost::json::object{{"rows", std::move(out)}});
}

ApiResponse as_csv(const std::vector<stats::HitSummary>& rows, stats::HitGrouping by) {
    CsvTable csv;
    if (by == stats::HitGrouping::entry)
        csv.row({"entry", "list", "authority", "decision", "reason", "hits"});
    if (by == stats::HitGrouping::decision) csv.row({"authority", "decision", "entries", "hits"});
    if (by == stats::HitGrouping::day)
        csv.row({"day", "entry", "list", "authority", "decision", "hits", "clients_estimate"});
    for (const stats::HitSummary& row : rows) {
        const std::string hits = std::to_string(row.hits);
        if (by == stats::HitGrouping::entry)
            csv.row({row.entry, row.list, row.authority, row.decision, row.reason, hits});
        if (by == stats::HitGrouping::decision)
            csv.row({row.authority, row.decision, std::to_string(row.entries), hits});
        if (by == stats::HitGrouping::day) {
            const std::string clients =
                row.clients_estimate ? std::to_string(std::llround(*row.clients_estimate)) : "";
            csv.row({filter::format_utc_day(row.day), row.entry, row.list, row.authority,
                     row.decision, hits, clients});
        }
    }
    return text_response(csv.take(), std::string(kCsvContentType));
}

ApiResponse hits(const ApiSources& sources, const ApiRequest& request) {
    if (!sources.hits)
        return error_response(
            503,
            "this rojad keeps no hit statistics (no state directory, or stats.enabled: false)");
    std::string problem;
    const auto query = parse_query(request, problem);
    if (!query) return error_response(400, problem);
    const auto rows = sources.hits->query(*query);
    if (!rows)
        return error_response(500, "the hit store cannot be read: " + rows.error().message());
    return request.wants_csv()
               ? as_csv(*rows, query->by)
               : as_json(*rows, query->by, request.param("sketches") == std::string_view("1"));
}

}  // namespace

void add_hits_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/hits", Access::any_role,
                [&sources](const ApiRequest& request) { return hits(sources, request); }});
}

}  // namespace roja::api
