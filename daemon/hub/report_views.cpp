// GET /api/v1/report?from=DAY&to=DAY: the compliance report of a period (compliance_report.hpp)
// as the signed JSON envelope (default), or the same document as CSV rows or a printable page,
// both naming the SHA-256 of the signed document so a printout can be tied to it.
#include <boost/json/serialize.hpp>

#include "daemon/api/csv_table.hpp"
#include "daemon/audit/signed_document.hpp"
#include "daemon/crypto/sha256.hpp"
#include "daemon/http/html_escape.hpp"
#include "daemon/hub/compliance_report.hpp"
#include "daemon/hub/hub_poller.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;
using http::html_escaped;

bool is_day(std::string_view text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-' &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return c == '-' || std::isdigit(static_cast<unsigned char>(c));
           });
}

std::string text(const json::value& value) {
    if (value.is_string()) return std::string(value.get_string());
    return value.is_null() ? std::string() : json::serialize(value);
}

api::ApiResponse as_csv(const json::object& report, const std::string& sha256) {
    api::CsvTable csv;
    csv.row(
        {"feed", "serial", "issued_at", "node", "state", "applied_at", "delay_seconds", "reason"});
    for (const json::value& version : report.at("versions").as_array())
        for (const json::value& cell : version.at("cells").as_array())
            csv.row({text(version.at("feed")), text(version.at("serial")),
                     text(version.at("issued_at")), text(cell.at("node")), text(cell.at("state")),
                     text(cell.at("applied_at")), text(cell.at("delay_seconds")),
                     text(cell.at("reason"))});
    api::ApiResponse response = api::text_response(csv.take(), std::string(api::kCsvContentType));
    response.headers.emplace_back("X-Roja-Report-SHA256", sha256);
    return response;
}

std::string table_rows(const json::object& report) {
    std::string rows;
    for (const json::value& version : report.at("versions").as_array()) {
        rows += "<tr><th>" + html_escaped(text(version.at("feed"))) + " " +
                text(version.at("serial")) + "<br><small>" +
                html_escaped(text(version.at("issued_at"))) + "</small></th>";
        for (const json::value& cell : version.at("cells").as_array())
            rows += "<td>" + html_escaped(text(cell.at("state"))) + "<br><small>" +
                    html_escaped(text(cell.at("applied_at"))) + "</small></td>";
        rows += "</tr>";
    }
    return rows;
}

api::ApiResponse as_page(const json::object& report, const std::string& sha256,
                         const std::string& key_id) {
    std::string html =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Compliance report "
        "</title><style>body{font:12px sans-serif}table{border-collapse:collapse}td,th{border:1px "
        "solid #999;padding:2px 4px}</style></head><body><h1>Compliance report " +
        html_escaped(text(report.at("from"))) + " – " + html_escaped(text(report.at("to"))) +
        "</h1><p>Cells by state: " + html_escaped(json::serialize(report.at("cells_by_state"))) +
        "</p><table><tr><th>version</th>";
    for (const json::value& node : report.at("nodes").as_array())
        html += "<th>" + html_escaped(text(node.at("isp"))) + "<br>" +
                html_escaped(text(node.at("id"))) + "</th>";
    html += "</tr>" + table_rows(report) + "</table><h2>Alarms</h2><ul>";
    for (const json::value& alarm : report.at("alarms").as_array())
        html +=
            "<li>" +
            html_escaped(text(alarm.at("node")) + " " + text(alarm.at("kind")) + " " +
                         text(alarm.at("subject")) + ": " + text(alarm.at("raised_at")) + " – " +
                         text(alarm.at("cleared_at")) + " " + text(alarm.at("detail"))) +
            "</li>";
    html += "</ul><p>SHA-256 of the signed document: <code>" + sha256 + "</code>" +
            (key_id.empty() ? std::string(" (not signed: no report_key)") : ", hub key " + key_id) +
            "</p></body></html>";
    api::ApiResponse response = api::text_response(std::move(html), "text/html; charset=utf-8");
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'");
    return response;
}

}  // namespace

api::ApiResponse report_answer(const HubViews& views, const api::ApiRequest& request) {
    const ReportPeriod period{std::string(request.param("from").value_or("")),
                              std::string(request.param("to").value_or(""))};
    if (!is_day(period.from) || !is_day(period.to) || period.to < period.from)
        return api::error_response(400, "from and to: days such as 2026-12-01, from <= to");
    const auto report = build_report(views, period, unix_now());
    if (!report) return api::error_response(500, "the hub's store: " + report.error().message());
    const std::string document = json::serialize(*report) + "\n";
    const std::string sha256 = crypto::sha256_hex(document);
    const auto* key = views.report_key();
    const std::string_view format = request.param("format").value_or("json");
    if (format == "csv") return as_csv(*report, sha256);
    if (format == "html") return as_page(*report, sha256, key ? key->key_id() : "");
    if (!key) return api::error_response(503, "this hub has no report_key: reports are not signed");
    api::ApiResponse response =
        api::text_response(audit::sign_document(document, *key), "application/json");
    response.headers.emplace_back("X-Roja-Report-SHA256", sha256);
    return response;
}

}  // namespace roja::hub
