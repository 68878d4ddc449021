// GET /api/v1/client-log?client=IP&from&to&limit[&format=csv] (admin only): the per-client log
// (stats.client_log), oldest first. It is personal data (docs/metrics.md): only the operator's
// admin tokens read it, a regulator's token gets 403 like on every admin route, and with the log
// off the answer is 503. At most `limit` rows (default 1,000, at most 10,000); "truncated" says
// more rows matched, to be read with a later `from`.
#include <charconv>

#include <boost/asio/ip/address.hpp>
#include <boost/json/array.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/api/api_time.hpp"
#include "daemon/api/csv_table.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/stats/client_log_store.hpp"
#include "filter/utc_time.hpp"

namespace roja::api {

namespace {

constexpr std::size_t kDefaultLimit = 1000;
constexpr std::size_t kMaxLimit = 10'000;

std::optional<stats::ClientLogQuery> parse_query(const ApiRequest& request, std::string& problem) {
    stats::ClientLogQuery query;
    query.limit = kDefaultLimit;
    if (const auto client = request.param("client")) {
        boost::system::error_code error;
        const auto address = boost::asio::ip::make_address(std::string(*client), error);
        if (error)
            problem = "client: expected an IPv4 or IPv6 address";
        else
            query.client = address.to_string();  // as the log stores it
    }
    const TimeRange range = time_range(request, problem);
    if (range.from) query.from_ms = *range.from * 1000;
    if (range.to) query.to_ms = *range.to * 1000;
    if (const auto limit = request.param("limit")) {
        std::size_t value = 0;
        const auto [end, error] =
            std::from_chars(limit->data(), limit->data() + limit->size(), value);
        if (error != std::errc{} || end != limit->data() + limit->size() || value == 0 ||
            value > kMaxLimit)
            problem = "limit: expected a number from 1 to " + std::to_string(kMaxLimit);
        query.limit = value;
    }
    if (!problem.empty()) return std::nullopt;
    return query;
}

// 2026-11-29T10:00:00.123Z
std::string time_text(std::int64_t at_ms) {
    const std::int64_t seconds = at_ms / 1000;
    std::string text =
        filter::format_utc(std::chrono::system_clock::time_point(std::chrono::seconds(seconds)));
    const std::string millis = std::to_string(1000 + at_ms % 1000).substr(1);
    if (text.ends_with('Z')) text.insert(text.size() - 1, "." + millis);
    return text;
}

ApiResponse as_json(const std::vector<stats::ClientLogRow>& rows, bool truncated) {
    boost::json::array out;
    for (const stats::ClientLogRow& row : rows) {
        out.push_back(boost::json::object{{"time", time_text(row.at_ms)},
                                          {"client", row.client},
                                          {"name", row.name},
                                          {"type", row.type},
                                          {"verdict", row.verdict},
                                          {"answer", row.answer},
                                          {"list", row.list},
                                          {"entry", row.entry},
                                          {"group", row.group}});
    }
    return json_response(boost::json::object{{"rows", std::move(out)}, {"truncated", truncated}});
}

ApiResponse as_csv(const std::vector<stats::ClientLogRow>& rows) {
    CsvTable csv;
    csv.row({"time", "client", "name", "type", "verdict", "answer", "list", "entry", "group"});
    for (const stats::ClientLogRow& row : rows)
        csv.row({time_text(row.at_ms), row.client, row.name, row.type, row.verdict, row.answer,
                 row.list, row.entry, row.group});
    return text_response(csv.take(), std::string(kCsvContentType));
}

ApiResponse client_log(const ApiSources& sources, const ApiRequest& request) {
    if (!sources.client_log)
        return error_response(503,
                              "the per-client log is off (stats.client_log: false, the default)");
    std::string problem;
    auto query = parse_query(request, problem);
    if (!query) return error_response(400, problem);
    const std::size_t limit = query->limit;
    query->limit = limit + 1;  // one more tells whether the answer is cut short
    auto rows = sources.client_log->query(*query);
    if (!rows)
        return error_response(500, "the per-client log cannot be read: " + rows.error().message());
    const bool truncated = rows->size() > limit;
    if (truncated) rows->resize(limit);
    if (!request.wants_csv()) return as_json(*rows, truncated);
    ApiResponse response = as_csv(*rows);
    if (truncated) response.headers.emplace_back("X-Roja-Truncated", "true");
    return response;
}

}  // namespace

void add_client_log_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/client-log", Access::admin_only,
                [&sources](const ApiRequest& request) { return client_log(sources, request); }});
}

}  // namespace roja::api
