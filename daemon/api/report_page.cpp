#include "daemon/api/report_page.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace roja::api {

namespace {

constexpr const char* kPalette[] = {"#b3261e", "#1f6feb", "#2da44e", "#bf8700",
                                    "#8250df", "#cf222e", "#0a7ea4", "#57606a"};
constexpr int kChartWidth = 760;

std::string number(double value, int decimals = 0) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string text_at(double x, double y, std::string_view text, std::string_view extra = {}) {
    return "<text x=\"" + number(x, 1) + "\" y=\"" + number(y, 1) + "\" " + std::string(extra) +
           ">" + html_escape(text) + "</text>";
}

std::string rect(double x, double y, double w, double h, std::string_view fill,
                 std::string_view title) {
    return "<rect x=\"" + number(x, 1) + "\" y=\"" + number(y, 1) + "\" width=\"" +
           number(std::max(w, 0.0), 1) + "\" height=\"" + number(std::max(h, 0.0), 1) +
           "\" fill=\"" + std::string(fill) + "\"><title>" + html_escape(title) + "</title></rect>";
}

std::string empty_note(std::string_view what) {
    return "<p class=\"empty\">" + html_escape(what) + "</p>";
}

// Stacked bars: one per day, one colour per authority.
std::string blocks_chart(const ReportData& data) {
    if (data.blocks_per_day.empty())
        return empty_note("No blocked queries recorded in this period.");
    std::set<std::string> authorities;
    std::uint64_t peak = 1;
    for (const auto& [day, by] : data.blocks_per_day) {
        std::uint64_t total = 0;
        for (const auto& [authority, n] : by) authorities.insert(authority), total += n;
        peak = std::max(peak, total);
    }
    const std::vector<std::string> order(authorities.begin(), authorities.end());
    const double height = 220, left = 50,
                 bar = std::min(
                     40.0, (kChartWidth - left) / static_cast<double>(data.blocks_per_day.size()));
    std::string svg = "<svg viewBox=\"0 0 " + std::to_string(kChartWidth) +
                      " 280\" role=\"img\" aria-label=\"blocks per day\">";
    svg += text_at(0, 14, std::to_string(peak), "class=\"axis\"") +
           text_at(0, height + 10, "0", "class=\"axis\"");
    for (std::size_t d = 0; d < data.blocks_per_day.size(); ++d) {
        const auto& [day, by] = data.blocks_per_day[d];
        double y = height + 10;
        for (std::size_t a = 0; a < order.size(); ++a) {
            const auto found = by.find(order[a]);
            if (found == by.end()) continue;
            const double h =
                height * static_cast<double>(found->second) / static_cast<double>(peak);
            y -= h;
            svg += rect(left + d * bar + 1, y, bar - 2, h, kPalette[a % 8],
                        day + " " + order[a] + ": " + std::to_string(found->second));
        }
        if (data.blocks_per_day.size() <= 14 || d % 7 == 0)
            svg += text_at(left + d * bar, height + 28, day.substr(5), "class=\"axis\"");
    }
    for (std::size_t a = 0; a < order.size(); ++a) {
        const double x = left + static_cast<double>(a) * 140;
        svg += rect(x, 256, 12, 12, kPalette[a % 8], order[a]) +
               text_at(x + 16, 267, order[a].empty() ? "(none)" : order[a]);
    }
    return svg + "</svg>";
}

// Horizontal bars of the orders' hits.
std::string orders_chart(const ReportData& data) {
    if (data.top_orders.empty()) return empty_note("No order was hit in this period.");
    std::uint64_t peak = 1;
    for (const auto& order : data.top_orders) peak = std::max(peak, order.hits);
    const double row = 26, left = 260, width = kChartWidth - left - 80;
    std::string svg = "<svg viewBox=\"0 0 " + std::to_string(kChartWidth) + " " +
                      number(row * data.top_orders.size() + 8) +
                      "\" role=\"img\" aria-label=\"most-hit orders\">";
    for (std::size_t i = 0; i < data.top_orders.size(); ++i) {
        const auto& order = data.top_orders[i];
        const std::string label =
            order.authority + " " +
            (order.decision.empty() ? "(no decision number)" : order.decision);
        const double w = width * static_cast<double>(order.hits) / static_cast<double>(peak);
        svg += text_at(0, i * row + 18, label) +
               rect(left, i * row + 4, w, row - 8, kPalette[0], label);
        svg +=
            text_at(left + w + 6, i * row + 18,
                    std::to_string(order.hits) + " (" + std::to_string(order.entries) + " entries)",
                    "class=\"axis\"");
    }
    return svg + "</svg>";
}

// One bar per applied feed version: the seconds from its publication to its application.
std::string feed_chart(const ReportData& data) {
    if (data.feed_timeline.empty()) return empty_note("No feed version was applied yet.");
    double peak = 1;
    for (const auto& v : data.feed_timeline) peak = std::max(peak, v.delay_seconds);
    const double height = 160, left = 50,
                 bar = std::min(
                     60.0, (kChartWidth - left) / static_cast<double>(data.feed_timeline.size()));
    std::string svg = "<svg viewBox=\"0 0 " + std::to_string(kChartWidth) +
                      " 210\" role=\"img\" aria-label=\"feed timeline\">";
    svg += text_at(0, 14, number(peak) + " s", "class=\"axis\"");
    for (std::size_t i = 0; i < data.feed_timeline.size(); ++i) {
        const auto& v = data.feed_timeline[i];
        const double h = height * v.delay_seconds / peak;
        svg += rect(left + i * bar + 2, height + 10 - h, bar - 4, h, kPalette[1],
                    v.feed + " serial " + std::to_string(v.serial) + " applied " + v.applied_at +
                        ", " + number(v.delay_seconds, 1) + " s after issue");
        svg += text_at(left + i * bar + 2, height + 26, "#" + std::to_string(v.serial),
                       "class=\"axis\"");
    }
    return svg + "</svg>";
}

std::string health_table(const ReportData& data) {
    const double lookups = static_cast<double>(data.cache_hits + data.cache_misses);
    std::string html =
        "<table><tr><th>queries</th><th>blocked</th><th>cache hit ratio</th><th>stale "
        "answers</th><th>SERVFAIL</th></tr><tr>";
    html += "<td>" + std::to_string(data.queries) + "</td><td>" + std::to_string(data.blocked) +
            "</td><td>" +
            (lookups > 0 ? number(100.0 * static_cast<double>(data.cache_hits) / lookups, 1) + " %"
                         : "–") +
            "</td><td>" + std::to_string(data.stale) + "</td><td>" + std::to_string(data.servfail) +
            "</td></tr></table>";
    html +=
        "<table><tr><th>upstream</th><th>tries</th><th>answered</th><th>timeouts</th><th>errors</"
        "th><th>mean latency</th></tr>";
    for (const auto& u : data.upstreams)
        html += "<tr><td>" + html_escape(u.server) + "</td><td>" + std::to_string(u.tries) +
                "</td><td>" + std::to_string(u.answered) + "</td><td>" +
                std::to_string(u.timeouts) + "</td><td>" + std::to_string(u.errors) + "</td><td>" +
                number(u.mean_ms, 2) + " ms</td></tr>";
    return html + "</table>";
}

constexpr const char* kStyle =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:820px}"
    "h1{font-size:20px}h2{font-size:16px;margin-top:28px}svg{width:100%;height:auto;display:block}"
    "text{font-size:11px;fill:#1f2328}.axis{fill:#57606a}table{border-collapse:collapse;margin:8px "
    "0}"
    "td,th{border:1px solid #d0d7de;padding:4px "
    "10px;text-align:right}th{background:#f6f8fa}.empty{color:#57606a}";

}  // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out.push_back(c);
        }
    }
    return out;
}

std::string render_report(const ReportData& data) {
    std::string html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Roja "
        "report</title><style>";
    html += kStyle;
    html += "</style></head><body><h1>Roja enforcement report</h1><p>Generated " +
            html_escape(data.generated_at) + " by rojad " + html_escape(data.version) +
            ". Counts only: no client is ever named.</p>";
    html += "<h2>Blocked queries per day, by authority</h2>" + blocks_chart(data);
    html += "<h2>Most-hit orders</h2>" + orders_chart(data);
    html += "<h2>Feed versions: seconds from publication to application</h2>" + feed_chart(data);
    html += "<h2>Cache and upstream health (since start)</h2>" + health_table(data);
    return html + "</body></html>\n";
}

}  // namespace roja::api
