// GET /report (admin, regulator): gathers the report's figures (the hit store's last 30 days,
// the audit log's applied feed versions, the workers' counters) and renders report_page.hpp.
#include <boost/json/parse.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/api/report_page.hpp"
#include "daemon/audit/audit_files.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/server/server.hpp"
#include "daemon/stats/hit_store.hpp"
#include "filter/utc_time.hpp"

namespace roja::api {

namespace {

constexpr std::int64_t kDay = 86400;
constexpr int kDays = 30;
constexpr std::size_t kFeedVersionsShown = 30;

void add_hits(ReportData& data, stats::HitStore& store, std::int64_t now) {
    stats::HitQuery query;
    query.from = now - now % kDay - (kDays - 1) * kDay;
    query.by = stats::HitGrouping::day_authority;
    if (const auto days = store.query(query)) {
        for (const auto& row : *days) {
            if (data.blocks_per_day.empty() ||
                data.blocks_per_day.back().first != filter::format_utc_day(row.day))
                data.blocks_per_day.push_back({filter::format_utc_day(row.day), {}});
            data.blocks_per_day.back().second[row.authority] += row.hits;
        }
    }
    query.by = stats::HitGrouping::decision;
    query.limit = 10;
    if (const auto orders = store.query(query))
        for (const auto& row : *orders)
            data.top_orders.push_back({row.authority, row.decision, row.entries, row.hits});
}

void add_feed_versions(ReportData& data, const std::filesystem::path& audit_log) {
    std::uint64_t after = 0;
    for (;;) {
        const auto page = audit::read_audit_after(audit_log, after, 10000);
        if (!page) return;
        for (const std::string& line : page->lines) {
            if (line.find("\"type\":\"feed_applied\"") == std::string::npos) continue;
            boost::system::error_code ec;
            const auto record = boost::json::parse(line, ec);
            const auto* details = ec ? nullptr : record.at("details").if_object();
            if (!details || !details->contains("serial") || !details->contains("feed") ||
                !details->at("feed").is_string())
                continue;
            ReportData::FeedVersion v;
            v.feed = details->at("feed").get_string();
            v.serial = details->at("serial").to_number<std::uint64_t>(ec);
            if (const auto* at = details->if_contains("applied_at"); at && at->is_string())
                v.applied_at = at->get_string();
            if (const auto* d = details->if_contains("seconds_issued_to_applied");
                d && d->is_number())
                v.delay_seconds = d->to_number<double>();
            data.feed_timeline.push_back(std::move(v));
        }
        if (!page->has_more) break;
        after = page->last_seq;
    }
    if (data.feed_timeline.size() > kFeedVersionsShown)
        data.feed_timeline.erase(data.feed_timeline.begin(),
                                 data.feed_timeline.end() - kFeedVersionsShown);
}

void add_health(ReportData& data, const server::Server& server) {
    const auto totals = server.totals();
    data.queries = totals.queries;
    data.blocked = totals.blocked;
    data.cache_hits = totals.cached;
    data.stale = totals.stale;
    data.servfail = totals.servfail;
    for (unsigned w = 0; w < server.threads(); ++w) {
        data.cache_misses += server.worker(w).counters().metrics.cache_misses.get();
        const auto& pool = server.worker(w).upstreams();
        data.upstreams.resize(pool.options().servers.size());
        for (std::size_t s = 0; s < pool.options().servers.size(); ++s) {
            auto& u = data.upstreams[s];
            const auto& stats = pool.server_stats(s);
            u.server = pool.options().servers[s].address.to_string() + ":" +
                       std::to_string(pool.options().servers[s].port);
            u.tries += stats.tries.get();
            u.answered += stats.answered.get();
            u.timeouts += stats.timeouts.get();
            u.errors += stats.network_errors.get() + stats.error_rcodes.get();
            u.mean_ms += static_cast<double>(stats.latency.sum_microseconds.get()) /
                         1000.0;  // summed; divided below
        }
    }
    for (auto& u : data.upstreams)
        u.mean_ms = u.answered > 0 ? u.mean_ms / static_cast<double>(u.answered) : 0;
}

ApiResponse report(const ApiSources& sources) {
    const auto now = std::chrono::system_clock::now();
    ReportData data;
    data.generated_at = filter::format_utc(now);
    data.version = ROJA_VERSION;
    if (sources.hits)
        add_hits(data, *sources.hits,
                 std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    if (!sources.audit_log.empty()) add_feed_versions(data, sources.audit_log);
    if (sources.server) add_health(data, *sources.server);
    ApiResponse response = text_response(render_report(data), "text/html; charset=utf-8");
    // Nothing but the page itself: no script, no request anywhere else.
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; style-src 'unsafe-inline'");
    return response;
}

}  // namespace

void add_report_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/report", Access::any_role,
                [&sources](const ApiRequest&) { return report(sources); }});
}

}  // namespace roja::api
