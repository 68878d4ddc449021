// Per-pool (per-worker) counters: the worker thread writes them, the exporter reads them from its
// own thread (metrics::Counter: a relaxed load and store, as cheap as a plain integer on x86).
#pragma once

#include <cstdint>

#include "daemon/metrics/counter.hpp"

namespace roja::upstream {

struct UpstreamCounters {
    metrics::Counter queries_sent;      // UDP and TCP tries that reached the send step
    metrics::Counter replies_accepted;  // validated replies taken as the answer
    metrics::Counter forged;            // wrong source, ID, question: dropped, the wait goes on
    metrics::Counter malformed;         // too short, QR=0, bad opcode, unparsable question
    metrics::Counter timeouts;          // tries that ran out of time
    metrics::Counter network_errors;    // socket errors, ICMP refusals, TCP failures
    metrics::Counter tc_retries;        // TC=1 replies retried over TCP
    metrics::Counter error_rcodes;      // SERVFAIL/REFUSED replies (next server tried)
    metrics::Counter coalesced;         // callers served by another caller's query
    metrics::Counter overloaded;        // refused at max_outstanding
    metrics::Counter id_exhausted;      // no free (port, ID) pair found: try abandoned
    metrics::Counter all_failed;        // resolves ending in all_failed or timeout
    // Retransmits (a query sent again after a try's timeout) and how the resolves that had one
    // ended: answered by a retransmit, by an earlier try's late reply, or not at all.
    metrics::Counter retransmits;
    metrics::Counter retransmit_answered;
    metrics::Counter late_answered;
    metrics::Counter retransmit_failed;
    metrics::Counter retransmits_unfunded;  // a retransmit not sent: the retry budget was empty
    metrics::Counter late_replies;    // replies to tries whose query had already been answered
    metrics::Counter sockets_opened;  // pool sockets opened (rotation) and fresh-port sockets
};

}  // namespace roja::upstream
