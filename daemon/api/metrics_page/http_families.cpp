// The HTTP side: warning pages served, requests refused, and what the HTTP filter passed on —
// including TLS connections whose URL entries could not be enforced (docs/warning-page.md).
#include "daemon/api/metrics_page/metrics_families.hpp"

namespace roja::metrics {

void render_http_families(Exposition& out, const MetricsView& view) {
    if (!view.http_counters) return;
    const http::HttpCounters& c = *view.http_counters;
    out.family("roja_http_connections_total", "counter",
               "Connections to the warning page and the HTTP filter, by outcome.");
    out.sample("roja_http_connections_total", {{"outcome", "accepted"}},
               static_cast<double>(c.connections.get()));
    out.sample("roja_http_connections_total", {{"outcome", "over_cap"}},
               static_cast<double>(c.refused_connections.get()));
    out.sample("roja_http_connections_total", {{"outcome", "tls_reset"}},
               static_cast<double>(c.tls_refused.get()));
    out.family("roja_http_responses_total", "counter", "Warning page responses, by kind.");
    out.sample("roja_http_responses_total", {{"kind", "blocked_451"}},
               static_cast<double>(c.pages_blocked.get()));
    out.sample("roja_http_responses_total", {{"kind", "not_found_404"}},
               static_cast<double>(c.pages_not_found.get()));
    out.sample("roja_http_responses_total", {{"kind", "bad_request"}},
               static_cast<double>(c.bad_requests.get()));
    out.sample("roja_http_responses_total", {{"kind", "timeout"}},
               static_cast<double>(c.timeouts.get()));
    out.family("roja_http_filter_total", "counter",
               "What the HTTP filter did with requests and TLS connections.");
    out.sample("roja_http_filter_total", {{"action", "forwarded"}},
               static_cast<double>(c.forwarded.get()));
    out.sample("roja_http_filter_total", {{"action", "origin_failed"}},
               static_cast<double>(c.origin_failures.get()));
    out.sample("roja_http_filter_total", {{"action", "sni_closed"}},
               static_cast<double>(c.sni_refused.get()));
    out.family("roja_http_filter_unenforced_total", "counter",
               "TLS connections passed through untouched: URL entries of their host cannot be "
               "enforced inside TLS.");
    out.sample("roja_http_filter_unenforced_total", {}, static_cast<double>(c.spliced.get()));
}

}  // namespace roja::metrics
