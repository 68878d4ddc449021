// The report page: self-contained HTML with SVG charts, no script, every name escaped.
#include "daemon/api/report_page.hpp"

#include <doctest/doctest.h>

using roja::api::ReportData;

TEST_CASE("the report draws each chart in SVG and escapes what authorities and feeds are called") {
    ReportData data;
    data.generated_at = "2026-11-29T10:00:00Z";
    data.version = "0.1.0";
    data.blocks_per_day = {{"2026-11-28", {{"AKEP", 10}, {"<script>alert(1)</script>", 3}}},
                           {"2026-11-29", {{"AKEP", 4}}}};
    data.top_orders = {{"AKEP", "D-7/2026", 2, 14}};
    data.feed_timeline = {{"akep-al", "2026-11-29T09:00:00Z", 42, 12.5}};
    data.upstreams = {{"127.0.0.1:53", 10, 9, 1, 0, 0.4}};
    const std::string html = roja::api::render_report(data);
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("D-7/2026") != std::string::npos);
    CHECK(html.find("#42") != std::string::npos);
    CHECK(html.find("127.0.0.1:53") != std::string::npos);
}

TEST_CASE("an empty report says so instead of drawing empty charts") {
    const std::string html = roja::api::render_report({});
    CHECK(html.find("No blocked queries recorded") != std::string::npos);
    CHECK(html.find("No feed version was applied yet") != std::string::npos);
}
