// GET /report: one self-contained HTML page with server-rendered SVG charts (no script, nothing
// loaded from elsewhere): blocks per day by authority, the most-hit orders, the feed timeline
// (serial, publication-to-application delay), cache and upstream health. Rendering is a pure
// function of ReportData; report_route.cpp gathers it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace roja::api {

struct ReportData {
    std::string generated_at;  // UTC
    std::string version;
    // Day ("2026-11-29") → authority → blocked queries; days in order.
    std::vector<std::pair<std::string, std::map<std::string, std::uint64_t>>> blocks_per_day;
    struct Order {
        std::string authority, decision;
        std::uint64_t entries = 0, hits = 0;
    };
    std::vector<Order> top_orders;
    struct FeedVersion {
        std::string feed, applied_at;
        std::uint64_t serial = 0;
        double delay_seconds = 0;  // issued_at → applied
    };
    std::vector<FeedVersion> feed_timeline;
    struct Upstream {
        std::string server;
        std::uint64_t tries = 0, answered = 0, timeouts = 0, errors = 0;
        double mean_ms = 0;
    };
    std::vector<Upstream> upstreams;
    std::uint64_t queries = 0, blocked = 0, cache_hits = 0, cache_misses = 0, stale = 0,
                  servfail = 0;
};

std::string render_report(const ReportData& data);

// "a<b" → "a&lt;b": text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace roja::api
