// The feeds: the version in force, its age, the last polls, and the degraded flags.
#include <optional>

#include "daemon/api/metrics_page/metrics_families.hpp"
#include "filter/feed_manifest.hpp"

namespace roja::metrics {

namespace {

using feed::FeedStatus;

std::optional<double> unix_seconds(const std::string& utc) {
    if (utc.empty()) return std::nullopt;
    const auto time = filter::parse_feed_time(utc);
    if (!time) return std::nullopt;
    return static_cast<double>(time->time_since_epoch().count());
}

struct FeedGauge {
    std::string_view name, type, help;
    std::optional<double> (*value)(const FeedStatus&, const MetricsView&);
};

double now_seconds(const MetricsView& view) {
    return std::chrono::duration<double>(view.now.time_since_epoch()).count();
}

constexpr FeedGauge kFeedGauges[] = {
    {"roja_feed_serial", "gauge", "Serial of the feed version in force (absent: none yet).",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return s.serial ? std::optional<double>(static_cast<double>(*s.serial)) : std::nullopt;
     }},
    {"roja_feed_age_seconds", "gauge", "Seconds since the version in force was issued (issued_at).",
     [](const FeedStatus& s, const MetricsView& v) -> std::optional<double> {
         const auto issued = unix_seconds(s.issued_at);
         return issued ? std::optional<double>(now_seconds(v) - *issued) : std::nullopt;
     }},
    {"roja_feed_expires_timestamp_seconds", "gauge",
     "When the version in force expires (Unix time).",
     [](const FeedStatus& s, const MetricsView&) { return unix_seconds(s.expires_at); }},
    {"roja_feed_applied_timestamp_seconds", "gauge",
     "When the version in force was applied (Unix time).",
     [](const FeedStatus& s, const MetricsView&) { return unix_seconds(s.applied_at); }},
    {"roja_feed_last_success_timestamp_seconds", "gauge",
     "Last poll that got a good version, new or the same (Unix time; 0: never).",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return unix_seconds(s.last_success_at).value_or(0);
     }},
    {"roja_feed_last_failure_timestamp_seconds", "gauge",
     "Last poll that failed or was rejected (Unix time; 0: never).",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return unix_seconds(s.last_failure_at).value_or(0);
     }},
    {"roja_feed_stale", "gauge", "1 when the version in force has expired (it is still enforced).",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return s.is_stale ? 1.0 : 0.0;
     }},
    {"roja_feed_degraded", "gauge", "1 when the feed enforces no version or an expired one.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return s.is_degraded() ? 1.0 : 0.0;
     }},
    {"roja_feed_consecutive_failures", "gauge", "Polls in a row that failed.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return static_cast<double>(s.consecutive_failures);
     }},
    {"roja_feed_apply_seconds", "gauge",
     "Seconds from the end of the download to the new state published, for the last version "
     "applied.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return s.last_apply_seconds;
     }},
    {"roja_feed_polls_total", "counter", "Polls of the feed's source.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return static_cast<double>(s.polls);
     }},
    {"roja_feed_applied_total", "counter", "Versions applied.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return static_cast<double>(s.applied);
     }},
    {"roja_feed_rejected_total", "counter",
     "Versions rejected (signature, serial, expiry, hashes, guards).",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return static_cast<double>(s.rejected);
     }},
    {"roja_feed_fetch_failures_total", "counter", "Polls whose download failed.",
     [](const FeedStatus& s, const MetricsView&) -> std::optional<double> {
         return static_cast<double>(s.fetch_failures);
     }},
};

void render_list_entries(Exposition& out, const MetricsView& view) {
    out.family("roja_feed_list_entries", "gauge",
               "Entries of each list of the version in force, as loaded into the policy.");
    for (const FeedStatus& status : view.feeds)
        for (const feed::FeedListStatus& list : status.lists)
            out.sample("roja_feed_list_entries",
                       {{"feed", status.feed}, {"list", list.id}, {"authority", list.authority}},
                       list.loaded);
    out.family("roja_feed_list_never_blocked", "gauge",
               "Entries of each list rejected by the never-block guard.");
    for (const FeedStatus& status : view.feeds)
        for (const feed::FeedListStatus& list : status.lists)
            out.sample("roja_feed_list_never_blocked",
                       {{"feed", status.feed}, {"list", list.id}, {"authority", list.authority}},
                       list.never_blocked);
}

// Every guard and fetch outcome is a label value (bounded sets: FeedError and FetchOutcome names).
void render_failure_kinds(Exposition& out, const MetricsView& view) {
    out.family("roja_feed_rejected_by_error_total", "counter",
               "Versions rejected, by the guard that refused them.");
    for (const FeedStatus& status : view.feeds)
        for (const auto& [error, count] : status.rejected_by_error)
            out.sample("roja_feed_rejected_by_error_total",
                       {{"feed", status.feed}, {"error", error}}, static_cast<double>(count));
    out.family("roja_feed_fetch_failures_by_outcome_total", "counter",
               "Failed downloads, by outcome.");
    for (const FeedStatus& status : view.feeds)
        for (const auto& [outcome, count] : status.fetch_failures_by_outcome)
            out.sample("roja_feed_fetch_failures_by_outcome_total",
                       {{"feed", status.feed}, {"outcome", outcome}}, static_cast<double>(count));
}

}  // namespace

void render_feed_families(Exposition& out, const MetricsView& view) {
    for (const FeedGauge& gauge : kFeedGauges) {
        out.family(gauge.name, gauge.type, gauge.help);
        for (const FeedStatus& status : view.feeds)
            if (const auto value = gauge.value(status, view))
                out.sample(gauge.name, {{"feed", status.feed}}, *value);
    }
    render_list_entries(out, view);
    render_failure_kinds(out, view);
}

}  // namespace roja::metrics
