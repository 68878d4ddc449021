// One poll of one node, in the order of docs/hub.md. Each step may end the poll:
//   1. status         the node answers, with a valid token, over the trusted channel; whether it
//                     says a feed is stale or missing (alarm degraded);
//   2. audit          pages after the last record the hub holds, each checked to continue the
//                     stored chain and stored in one transaction (alarm chain_broken, and
//                     nothing of the page stored, when it does not);
//   3. confirmations  of each feed version the audit named that has no applied one yet;
//   4. hits           per day and entry, from the newest day the hub holds (the node's totals
//                     replace what was stored: a repeated poll counts nothing twice).
// The outcome is stored on the node's row (alarm poll_failed while polls fail).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "daemon/hub/hub_database.hpp"
#include "daemon/hub/node_target.hpp"

namespace roja::hub {

struct PollOutcome {
    std::string error;  // empty: every step succeeded
    std::uint64_t new_records = 0;
};

// `cancel` set (may be null): the request under way ends and the poll fails.
PollOutcome poll_node(const NodeTarget& node, sqlite3* db, std::int64_t now,
                      const std::atomic<bool>* cancel);

}  // namespace roja::hub
