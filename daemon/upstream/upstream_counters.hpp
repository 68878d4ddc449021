// Per-pool (per-worker) counters. Plain integers: the worker thread writes them; a reader copies
// them by posting to that worker's io_context, so no atomics are needed on the query path.
#pragma once

#include <cstdint>

namespace roja::upstream {

struct UpstreamCounters {
    std::uint64_t queries_sent = 0;      // UDP and TCP tries that reached the send step
    std::uint64_t replies_accepted = 0;  // validated replies taken as the answer
    std::uint64_t forged = 0;            // wrong source, ID, question: dropped, the wait goes on
    std::uint64_t malformed = 0;         // too short, QR=0, bad opcode, unparsable question
    std::uint64_t timeouts = 0;          // tries that ran out of time
    std::uint64_t network_errors = 0;    // socket errors, ICMP refusals, TCP failures
    std::uint64_t tc_retries = 0;        // TC=1 replies retried over TCP
    std::uint64_t error_rcodes = 0;      // SERVFAIL/REFUSED replies (next server tried)
    std::uint64_t coalesced = 0;         // callers served by another caller's query
    std::uint64_t overloaded = 0;        // refused at max_outstanding
    std::uint64_t id_exhausted = 0;      // no free (port, ID) pair found: try abandoned
    std::uint64_t all_failed = 0;        // resolves ending in all_failed or timeout
};

}  // namespace roja::upstream
