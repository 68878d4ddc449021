#include "daemon/hub/compliance_matrix.hpp"

#include <map>
#include <tuple>

#include "filter/feed_manifest.hpp"

namespace roja::hub {

namespace {

using VersionKey = std::tuple<std::string, std::string, std::uint64_t>;  // node, feed, serial

struct Confirmed {
    std::map<VersionKey, MatrixCell> cells;  // what the confirmations say
    std::map<std::pair<std::string, std::string>, std::uint64_t> newest_applied;  // node, feed
};

Result<std::vector<MatrixNode>> read_nodes(sqlite3* db) {
    Query query(db,
                "SELECT node_id, isp, last_success_at, chain_ok FROM nodes ORDER BY isp, node_id");
    std::vector<MatrixNode> nodes;
    while (query.next()) {
        MatrixNode node{query.text_at(0), query.text_at(1), std::nullopt, query.integer_at(3) != 0};
        if (!query.is_null_at(2)) node.last_success_at = query.integer_at(2);
        nodes.push_back(std::move(node));
    }
    if (query.error) return query.error;
    return nodes;
}

Result<std::vector<MatrixVersion>> read_versions(sqlite3* db, const DeadlineOf& deadline,
                                                 std::size_t max_versions,
                                                 const std::string& feed) {
    Query query(db,
                "SELECT feed, serial, issued_at FROM feed_versions WHERE (?1 = '' OR feed = ?1) "
                "ORDER BY issued_at DESC, feed, serial DESC LIMIT ?2");
    query.text(1, feed).integer(2,
                                max_versions == 0 ? -1 : static_cast<std::int64_t>(max_versions));
    std::vector<MatrixVersion> versions;
    while (query.next()) {
        MatrixVersion v{query.text_at(0), static_cast<std::uint64_t>(query.integer_at(1)),
                        query.text_at(2), 0};
        v.deadline_seconds = deadline(v.feed);
        versions.push_back(std::move(v));
    }
    if (query.error) return query.error;
    return versions;
}

Result<Confirmed> read_confirmations(sqlite3* db) {
    Query query(db,
                "SELECT node_id, feed, serial, status, applied_at, delay_seconds, reason "
                "FROM confirmations");
    Confirmed out;
    while (query.next()) {
        const auto serial = static_cast<std::uint64_t>(query.integer_at(2));
        MatrixCell cell;
        cell.state = query.text_at(3) == "applied" ? CellState::applied : CellState::rejected;
        cell.applied_at = query.text_at(4);
        if (!query.is_null_at(5)) cell.delay_seconds = query.real_at(5);
        cell.reason = query.text_at(6);
        if (cell.state == CellState::applied) {
            auto& newest = out.newest_applied[{query.text_at(0), query.text_at(1)}];
            newest = std::max(newest, serial);
        }
        out.cells[{query.text_at(0), query.text_at(1), serial}] = std::move(cell);
    }
    if (query.error) return query.error;
    return out;
}

MatrixCell cell_of(const MatrixVersion& version, const MatrixNode& node, const Confirmed& known,
                   std::int64_t now) {
    const auto found = known.cells.find({node.id, version.feed, version.serial});
    const auto newest = known.newest_applied.find({node.id, version.feed});
    CellFacts facts;
    if (found != known.cells.end())
        facts.status = found->second.state == CellState::applied ? "applied" : "rejected";
    facts.has_later_applied =
        newest != known.newest_applied.end() && newest->second > version.serial;
    if (const auto issued = filter::parse_feed_time(version.issued_at))
        facts.issued_at = issued->time_since_epoch().count();
    facts.deadline_seconds = version.deadline_seconds;
    facts.now = now;
    MatrixCell cell = found != known.cells.end() ? found->second : MatrixCell{};
    cell.state = classify_cell(facts);
    return cell;
}

}  // namespace

Result<ComplianceMatrix> read_matrix(sqlite3* db, const DeadlineOf& deadline, std::int64_t now,
                                     std::size_t max_versions, const std::string& feed) {
    ComplianceMatrix matrix;
    matrix.now = now;
    auto nodes = read_nodes(db);
    if (!nodes) return nodes.error();
    auto versions = read_versions(db, deadline, max_versions, feed);
    if (!versions) return versions.error();
    const auto known = read_confirmations(db);
    if (!known) return known.error();
    matrix.nodes = std::move(*nodes);
    matrix.versions = std::move(*versions);
    for (const MatrixVersion& version : matrix.versions) {
        std::vector<MatrixCell>& row = matrix.cells.emplace_back();
        for (const MatrixNode& node : matrix.nodes)
            row.push_back(cell_of(version, node, *known, now));
    }
    return matrix;
}

}  // namespace roja::hub
