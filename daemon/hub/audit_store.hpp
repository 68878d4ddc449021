// The nodes' audit records in the hub's database: the tail the next page must continue, and a
// checked page stored in one transaction (records, the feed versions they name, checkpoints),
// keyed by (node, seq) so a page stored twice is stored once.
#pragma once

#include <cstdint>
#include <string>

#include "daemon/hub/audit_intake.hpp"
#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

Result<NodeTail> stored_tail(sqlite3* db, const std::string& node_id);

Result<void> store_audit_page(sqlite3* db, const std::string& node_id, const AuditIntake& page,
                              std::int64_t now);

}  // namespace roja::hub
