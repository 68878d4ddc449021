// The compliance matrix: every feed version the hub has seen (rows, newest first) × every node
// (columns), each cell where that node stands with that version (compliance_cell.hpp). Read
// from the database in three queries; what the views and the late alarm share.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "daemon/hub/compliance_cell.hpp"
#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

struct MatrixNode {
    std::string id, isp;
    std::optional<std::int64_t> last_success_at;
    bool is_chain_ok = true;
};

struct MatrixVersion {
    std::string feed;
    std::uint64_t serial = 0;
    std::string issued_at;  // as the nodes' audit records wrote it
    std::int64_t deadline_seconds = 0;
};

struct MatrixCell {
    CellState state = CellState::not_yet;
    std::string applied_at;
    std::optional<double> delay_seconds;  // from issued_at to applied, as the node counted
    std::string reason;                   // why rejected
    std::string probe;  // the latest probe of that node and version: "50 of 50 blocked", ...
};

struct ComplianceMatrix {
    std::vector<MatrixVersion> versions;
    std::vector<MatrixNode> nodes;
    std::vector<std::vector<MatrixCell>> cells;  // [version][node]
    std::int64_t now = 0;
};

using DeadlineOf = std::function<std::int64_t(const std::string& feed)>;

// `max_versions`: the newest ones (0: all). `feed` empty: every feed.
Result<ComplianceMatrix> read_matrix(sqlite3* db, const DeadlineOf& deadline, std::int64_t now,
                                     std::size_t max_versions, const std::string& feed = {});

}  // namespace roja::hub
