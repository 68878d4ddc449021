// What the HTTP side did, for the log at shutdown (and later the metrics endpoint). Written on
// the HTTP thread only; read after it stopped.
#pragma once

#include <cstdint>

namespace roja::http {

struct HttpCounters {
    std::uint64_t connections = 0;
    std::uint64_t refused_connections = 0;  // over a connection cap
    std::uint64_t pages_blocked = 0;        // 451
    std::uint64_t pages_not_found = 0;      // 404
    std::uint64_t bad_requests = 0;         // 400, 413, 431
    std::uint64_t timeouts = 0;             // slow requests cut off
    std::uint64_t tls_refused = 0;          // port 443 connections reset at once
    std::uint64_t forwarded = 0;            // HTTP filter: requests sent to the origin
    std::uint64_t origin_failures = 0;      // HTTP filter: 502/504
    std::uint64_t spliced = 0;      // HTTP filter: TLS passed through, its URL entries unenforced
    std::uint64_t sni_refused = 0;  // HTTP filter: TLS server names closed
};

}  // namespace roja::http
