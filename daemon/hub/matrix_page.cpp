// GET /matrix: the compliance matrix as one server-rendered page, in Albanian or English
// (?lang=sq|en), with a small inline SVG bar per feed version and no script at all.
#include <array>
#include <cstdio>

#include "daemon/http/html_escape.hpp"
#include "daemon/hub/hub_routes.hpp"

namespace roja::hub {

namespace {

using http::html_escaped;

struct PageWords {
    const char* title;
    const char* version;
    const char* issued;
    const char* deadline;
    const char* empty;
    std::array<const char*, 5> states;  // in CellState order
};

constexpr PageWords kEnglish{"Compliance matrix",
                             "Feed version",
                             "issued",
                             "deadline",
                             "No feed version seen yet.",
                             {"applied", "rejected", "superseded", "late", "not yet"}};
constexpr PageWords kAlbanian{"Matrica e zbatimit",
                              "Versioni i listës",
                              "lëshuar",
                              "afati",
                              "Asnjë version ende.",
                              {"zbatuar", "refuzuar", "zëvendësuar", "me vonesë", "jo ende"}};
constexpr std::array<const char*, 5> kColours{"#2da44e", "#b3261e", "#8c959f", "#bf8700",
                                              "#d0d7de"};

std::string cell_html(const MatrixCell& cell, const PageWords& words) {
    const auto state = static_cast<std::size_t>(cell.state);
    std::string text = words.states[state];
    if (cell.state == CellState::applied && cell.delay_seconds) {
        char delay[48];
        std::snprintf(delay, sizeof delay, " +%.0f s", *cell.delay_seconds);
        text += delay;
    }
    std::string title = cell.applied_at.empty() ? cell.reason : cell.applied_at;
    const std::string probe =
        cell.probe.empty() ? std::string() : "<br><small>" + html_escaped(cell.probe) + "</small>";
    return "<td class=\"s" + std::to_string(state) + "\" title=\"" + html_escaped(title) + "\">" +
           html_escaped(text) + probe + "</td>";
}

// One bar: how many nodes are in each state for the version.
std::string state_bar(const std::vector<MatrixCell>& row) {
    std::array<std::size_t, 5> counts{};
    for (const MatrixCell& cell : row) ++counts[static_cast<std::size_t>(cell.state)];
    std::string svg = "<svg width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" role=\"img\">";
    double x = 0;
    for (std::size_t s = 0; s < counts.size() && !row.empty(); ++s) {
        const double width =
            100.0 * static_cast<double>(counts[s]) / static_cast<double>(row.size());
        char rect[160];
        std::snprintf(rect, sizeof rect,
                      "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>", x,
                      width, kColours[s]);
        svg += rect;
        x += width;
    }
    return svg + "</svg>";
}

std::string head(const ComplianceMatrix& matrix, const PageWords& words, std::string_view lang) {
    std::string html = "<!doctype html><html lang=\"" + std::string(lang) +
                       "\"><head><meta charset=\"utf-8\"><title>" + words.title +
                       "</title><style>body{font:14px sans-serif;margin:1em}"
                       "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;"
                       "padding:3px 6px;white-space:nowrap}";
    for (std::size_t s = 0; s < kColours.size(); ++s)
        html += ".s" + std::to_string(s) + "{background:" + kColours[s] + "33}";
    html += "</style></head><body><h1>" + std::string(words.title) + "</h1>";
    html += "<p><a href=\"?lang=sq\">shqip</a> · <a href=\"?lang=en\">English</a></p>";
    if (matrix.versions.empty()) return html + "<p>" + words.empty + "</p>";
    html += "<table><thead><tr><th>" + std::string(words.version) + "</th><th></th>";
    for (const MatrixNode& node : matrix.nodes)
        html += "<th>" + html_escaped(node.isp) + "<br>" + html_escaped(node.id) + "</th>";
    return html + "</tr></thead><tbody>";
}

}  // namespace

api::ApiResponse matrix_page(const HubViews& views, const api::ApiRequest& request) {
    const auto matrix = read_view_matrix(views, request);
    if (!matrix) return api::error_response(500, "the hub's store: " + matrix.error().message());
    const bool is_albanian = request.param("lang") == std::string_view("sq");
    const PageWords& words = is_albanian ? kAlbanian : kEnglish;
    std::string html = head(*matrix, words, is_albanian ? "sq" : "en");
    for (std::size_t v = 0; v < matrix->versions.size(); ++v) {
        const MatrixVersion& version = matrix->versions[v];
        html += "<tr><th>" + html_escaped(version.feed) + " " + std::to_string(version.serial) +
                "<br><small>" + words.issued + " " + html_escaped(version.issued_at) + ", " +
                words.deadline + " " + std::to_string(version.deadline_seconds / 60) +
                " min</small></th><td>" + state_bar(matrix->cells[v]) + "</td>";
        for (const MatrixCell& cell : matrix->cells[v]) html += cell_html(cell, words);
        html += "</tr>";
    }
    if (!matrix->versions.empty()) html += "</tbody></table>";
    html += "</body></html>";
    api::ApiResponse response = api::text_response(std::move(html), "text/html; charset=utf-8");
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'");
    return response;
}

}  // namespace roja::hub
