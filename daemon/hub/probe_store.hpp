// Probe reports in the hub's database, keyed by the SHA-256 of their bytes (a report read twice
// is stored once), tied to the node whose resolver they asked; and reading them in the directory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/hub_config.hpp"
#include "daemon/feed/minisign_key.hpp"
#include "daemon/hub/hub_database.hpp"
#include "daemon/hub/node_target.hpp"
#include "daemon/hub/probe_intake.hpp"

namespace roja::hub {

Result<bool> has_probe_report(sqlite3* db, const std::string& sha256);
Result<void> store_probe_report(sqlite3* db, const std::string& node_id, const ProbeReport& report,
                                std::int64_t now);

// The trusted probers' minisign public keys; throws std::runtime_error naming a bad file
// (start-up only).
std::vector<feed::MinisignPublicKey> load_prober_keys(const config::HubProbeConfig& probes);

// Reads every REPORT.json with its REPORT.json.minisig in `probes.dir` not stored yet; a report
// whose signature does not verify, or whose resolver is no node's, is logged and left out.
void ingest_probe_reports(sqlite3* db, const config::HubProbeConfig& probes,
                          const std::vector<feed::MinisignPublicKey>& keys,
                          const std::vector<NodeTarget>& nodes, std::int64_t now);

}  // namespace roja::hub
