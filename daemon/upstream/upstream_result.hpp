// What resolve() hands back: a status, the reply bytes (with the upstream ID still in them: the
// caller rewrites the ID for its client) and who answered how fast.
#pragma once

#include "daemon/upstream/upstream_options.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace roja::upstream {

enum class UpstreamStatus {
    ok,             // reply holds a validated answer (any RCODE, SERVFAIL included)
    timeout,        // the overall deadline passed before every server had been tried
    network_error,  // only as last_error: socket error, ICMP refusal, bad TCP framing
    overloaded,     // max_outstanding reached: refused at once, nothing sent
    all_failed,     // every server was tried and failed; last_error says how the last one did
    invalid_query,  // the caller's query has no single, uncompressed question
};

struct UpstreamResult {
    UpstreamStatus status = UpstreamStatus::all_failed;
    UpstreamStatus last_error = UpstreamStatus::ok;
    std::vector<std::uint8_t> reply;
    std::optional<UpstreamServer> server;  // the server that answered, when status == ok
    std::chrono::microseconds rtt{0};
    bool via_tcp = false;
    bool coalesced = false;  // this caller waited on another caller's identical query
};

constexpr std::string_view to_string(UpstreamStatus status) noexcept {
    switch (status) {
        case UpstreamStatus::ok:
            return "ok";
        case UpstreamStatus::timeout:
            return "timeout";
        case UpstreamStatus::network_error:
            return "network_error";
        case UpstreamStatus::overloaded:
            return "overloaded";
        case UpstreamStatus::all_failed:
            return "all_failed";
        case UpstreamStatus::invalid_query:
            return "invalid_query";
    }
    return "unknown";
}

}  // namespace roja::upstream
