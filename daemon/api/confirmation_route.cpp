// GET /api/v1/confirmation?feed=ID&serial=N[&format=csv][&entries=1]: the confirmation of one
// feed version (confirmation.hpp). JSON carries the summary (and the entry table with
// entries=1); CSV is the entry table, one row per entry with its status and reason.
#include <charconv>

#include <boost/json/array.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/api/confirmation.hpp"
#include "daemon/api/csv_table.hpp"

namespace roja::api {

namespace {

ApiResponse as_csv(const Confirmation& confirmation) {
    CsvTable csv;
    const std::string feed(confirmation.summary.at("feed").as_string());
    const std::string serial =
        std::to_string(confirmation.summary.at("serial").to_number<std::uint64_t>());
    const auto* applied_at = confirmation.summary.if_contains("applied_at");
    const std::string when =
        applied_at && applied_at->is_string() ? std::string(applied_at->get_string()) : "";
    csv.row({"feed", "serial", "list", "entry", "type", "value", "line", "status", "applied_at",
             "reason"});
    for (const ConfirmedEntry& e : confirmation.entries)
        csv.row({feed, serial, e.list, e.id, e.type, e.value, std::to_string(e.line),
                 e.is_applied ? "applied" : "not_applied", e.is_applied ? when : "", e.reason});
    return text_response(csv.take(), std::string(kCsvContentType));
}

boost::json::array entries_json(const std::vector<ConfirmedEntry>& entries) {
    boost::json::array out;
    for (const ConfirmedEntry& e : entries)
        out.push_back(boost::json::object{{"list", e.list},
                                          {"entry", e.id},
                                          {"type", e.type},
                                          {"value", e.value},
                                          {"line", e.line},
                                          {"status", e.is_applied ? "applied" : "not_applied"},
                                          {"reason", e.reason}});
    return out;
}

ApiResponse confirmation(const ApiSources& sources, const ApiRequest& request) {
    if (sources.audit_log.empty())
        return error_response(503, "this rojad keeps no audit log (no state directory)");
    const auto feed = request.param("feed");
    const auto serial_text = request.param("serial");
    std::uint64_t serial = 0;
    const bool has_serial =
        serial_text &&
        std::from_chars(serial_text->data(), serial_text->data() + serial_text->size(), serial)
                .ptr == serial_text->data() + serial_text->size() &&
        !serial_text->empty();
    if (!feed || feed->empty() || !has_serial)
        return error_response(400, "feed and serial are needed (?feed=ID&serial=N)");
    const auto found =
        confirm_version(sources.audit_log, sources.state_dir, std::string(*feed), serial);
    if (!found)
        return error_response(500, "the audit log cannot be read: " + found.error().message());
    if (!*found) return error_response(404, "the audit log has no record of this feed version");
    const Confirmation& c = **found;
    if (request.wants_csv()) return as_csv(c);
    boost::json::object body = c.summary;
    if (request.param("entries") == std::string_view("1"))
        body["entries"] = entries_json(c.entries);
    return json_response(body);
}

}  // namespace

void add_confirmation_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/confirmation", Access::any_role,
                [&sources](const ApiRequest& request) { return confirmation(sources, request); }});
}

}  // namespace roja::api
