// What the HTTP side did, for the log at shutdown and /metrics. Written on the HTTP thread only;
// read by any thread (relaxed atomics: metrics::Counter).
#pragma once

#include <cstdint>

#include "daemon/metrics/counter.hpp"

namespace roja::http {

struct HttpCounters {
    metrics::Counter connections;
    metrics::Counter refused_connections;  // over a connection cap
    metrics::Counter pages_blocked;        // 451
    metrics::Counter pages_not_found;      // 404
    metrics::Counter bad_requests;         // 400, 413, 431
    metrics::Counter timeouts;             // slow requests cut off
    metrics::Counter tls_refused;          // port 443 connections reset at once
    metrics::Counter forwarded;            // HTTP filter: requests sent to the origin
    metrics::Counter origin_failures;      // HTTP filter: 502/504
    metrics::Counter spliced;      // HTTP filter: TLS passed through, its URL entries unenforced
    metrics::Counter sni_refused;  // HTTP filter: TLS server names closed
};

}  // namespace roja::http
