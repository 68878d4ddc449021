// What the hub keeps per node besides its audit records: the node row (last poll, status,
// chain state), its confirmations per feed version and its hits per day and entry. Every write
// is an UPSERT on the row's key, so repeating a poll rewrites the same rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/hub_config.hpp"
#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

struct FeedSerial {
    std::string feed;
    std::uint64_t serial = 0;
};

struct NodeConfirmation {
    FeedSerial version;
    std::string status;                   // applied, rejected
    std::string applied_at;               // the node's text
    std::optional<double> delay_seconds;  // seconds_issued_to_applied
    std::string reason;                   // why rejected
    std::string body;                     // the node's answer, as it came
};

struct DayHits {
    std::string day, entry, list, authority, decision;
    std::int64_t hits = 0;
    std::optional<std::int64_t> clients_estimate;
    std::string clients_sketch;  // the node's HyperLogLog sketch of the day's clients (bytes)
};

struct PollResult {
    std::int64_t at = 0;
    std::string error;        // empty: the poll succeeded
    std::string status_json;  // the node's /status answer (kept from the last success)
    bool is_degraded = false;
};

Result<void> register_node(sqlite3* db, const config::HubNodeConfig& node, std::int64_t now);
Result<void> store_poll_result(sqlite3* db, const std::string& node_id, const PollResult& poll);
Result<void> store_chain_state(sqlite3* db, const std::string& node_id, bool is_ok,
                               const std::string& detail);

// The versions the node's audit named that have no applied confirmation yet.
Result<std::vector<FeedSerial>> versions_to_confirm(sqlite3* db, const std::string& node_id);
Result<void> store_confirmation(sqlite3* db, const std::string& node_id,
                                const NodeConfirmation& confirmation);

// The newest day the hub holds hits of (empty: none); the next poll asks from that day on,
// since the node is still counting it.
Result<std::string> last_hit_day(sqlite3* db, const std::string& node_id);
Result<void> store_day_hits(sqlite3* db, const std::string& node_id,
                            const std::vector<DayHits>& rows);

}  // namespace roja::hub
