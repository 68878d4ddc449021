// One GET to a node's admin API with libcurl: the regulator token, the node's CA bundle or pinned
// key, a time limit and a cap on the answer's size, so a slow, huge or lying node costs the hub
// one failed poll of that node and nothing else.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace roja::hub {

struct NodeEndpoint {
    std::string base_url;  // "https://192.0.2.10:8053", no trailing slash
    std::string token;
    std::string ca_file;     // empty: the system's CAs
    std::string pinned_key;  // curl's CURLOPT_PINNEDPUBLICKEY, empty: none
    std::chrono::seconds timeout{60};
    std::uint64_t max_bytes = 64ull * 1024 * 1024;
};

struct NodeReply {
    long status = 0;  // 0: no complete answer (error says why)
    std::string body;
    std::string error;  // "timeout", "answer larger than 64 MiB", curl's words

    bool is_ok() const noexcept { return status == 200; }
    // "HTTP 503: ..." or the error: one line for an alarm's detail.
    std::string describe() const;
};

// `cancel` (may be null) set: the transfer ends at once (rojahub stopping while a node hangs).
NodeReply node_get(const NodeEndpoint& node, const std::string& path_and_query,
                   const std::atomic<bool>* cancel);

}  // namespace roja::hub
