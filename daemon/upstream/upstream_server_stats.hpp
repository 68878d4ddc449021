// What one worker's pool saw of one upstream server, for /metrics: tries by outcome and the
// latency of answered tries. Written by the worker's thread, read by the exporter (Counter rules).
#pragma once

#include "daemon/metrics/counter.hpp"
#include "daemon/metrics/latency_histogram.hpp"
#include "daemon/upstream/upstream_exchange.hpp"

namespace roja::upstream {

struct UpstreamServerStats {
    metrics::Counter tries;         // one per server tried (a TCP retry after TC=1 is the same try)
    metrics::Counter answered;      // a usable reply
    metrics::Counter error_rcodes;  // SERVFAIL/REFUSED
    metrics::Counter timeouts;
    metrics::Counter network_errors;
    metrics::LatencyHistogram latency;  // answered and error-rcode tries

    void record(const TryOutcome& outcome) noexcept {
        tries.add();
        switch (outcome.status) {
            case TryStatus::answered:
            case TryStatus::truncated:
                answered.add();
                latency.observe(outcome.rtt);
                break;
            case TryStatus::error_rcode:
                error_rcodes.add();
                latency.observe(outcome.rtt);
                break;
            case TryStatus::timeout:
                timeouts.add();
                break;
            case TryStatus::network_error:
                network_errors.add();
                break;
        }
    }
};

}  // namespace roja::upstream
