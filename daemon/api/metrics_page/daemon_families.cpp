// The daemon itself: build, start, workers, reloads, and the side services (hit store, audit, API).
#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

namespace {

void render_process(Exposition& out, const MetricsView& view) {
    out.family("roja_build_info", "gauge", "Always 1; the version is a label.");
    out.sample("roja_build_info", {{"version", view.version}}, std::uint64_t{1});
    out.single("roja_start_time_seconds", "gauge", "When rojad started (Unix time).",
               std::chrono::duration<double>(view.started.time_since_epoch()).count());
    out.single("roja_workers", "gauge", "Worker threads serving queries.",
               static_cast<std::uint64_t>(view.workers.size()));
}

void render_side_services(Exposition& out, const DaemonCounters& d) {
    out.family("roja_reloads_total", "counter",
               "Configuration reloads (SIGHUP or the API), by result.");
    out.sample("roja_reloads_total", {{"result", "ok"}}, d.reloads_ok.get());
    out.sample("roja_reloads_total", {{"result", "failed"}}, d.reloads_failed.get());
    out.family("roja_tls_credential_reloads_total", "counter",
               "DoT certificate and key read again on a reload, by result (failed: the old pair "
               "stays in use).");
    out.sample("roja_tls_credential_reloads_total", {{"result", "ok"}}, d.tls_reloads_ok.get());
    out.sample("roja_tls_credential_reloads_total", {{"result", "failed"}},
               d.tls_reloads_failed.get());
    out.single("roja_hit_store_flushes_total", "counter",
               "Flushes of the workers' hit buffers into the hit store.", d.hit_flushes.get());
    out.single("roja_hit_store_flush_failures_total", "counter",
               "Flushes the hit store could not write (the hits are kept for the next).",
               d.hit_flush_failures.get());
    out.single("roja_hit_store_hits_total", "counter", "Blocked queries written to the hit store.",
               d.hits_flushed.get());
    out.family("roja_client_log_records_total", "counter",
               "Per-client log records (stats.client_log), by outcome: written to "
               "client-log.sqlite or dropped.");
    out.sample("roja_client_log_records_total", {{"outcome", "written"}},
               d.client_log_written.get());
    out.sample("roja_client_log_records_total", {{"outcome", "dropped"}},
               d.client_log_dropped.get());
    out.single("roja_audit_records_total", "counter", "Audit records appended.",
               d.audit_records.get());
    out.single("roja_audit_write_failures_total", "counter",
               "Audit records that could not be written.", d.audit_write_failures.get());
    out.single("roja_upstreams_unreachable", "gauge",
               "1 while tries at the upstreams get no answer at all (enforcement degraded).",
               d.upstreams_unreachable.load(std::memory_order_relaxed));
    out.family("roja_api_requests_total", "counter", "Admin listener requests, by outcome.");
    out.sample("roja_api_requests_total", {{"outcome", "served"}}, d.api_requests.get());
    out.sample("roja_api_requests_total", {{"outcome", "unauthorized"}}, d.api_unauthorized.get());
    out.sample("roja_api_requests_total", {{"outcome", "forbidden"}}, d.api_forbidden.get());
}

}  // namespace

void render_daemon_families(Exposition& out, const MetricsView& view) {
    render_process(out, view);
    if (view.daemon) render_side_services(out, *view.daemon);
}

DaemonCounters& daemon_counters() {
    static DaemonCounters counters;
    return counters;
}

std::string render_metrics(const MetricsView& view) {
    Exposition out;
    render_daemon_families(out, view);
    render_query_families(out, view);
    render_block_families(out, view);
    render_upstream_families(out, view);
    render_feed_families(out, view);
    render_http_families(out, view);
    render_rpz_families(out, view);
    render_rpz_secondary_families(out, view);
    return out.take();
}

}  // namespace roja::metrics
