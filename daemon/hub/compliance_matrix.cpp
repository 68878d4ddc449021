#include "daemon/hub/compliance_matrix.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "filter/feed_manifest.hpp"

namespace roja::hub {

namespace {

// Where each node and version sits in the matrix, so a confirmation row lands in its cell
// without a per-cell lookup by text.
struct MatrixIndex {
    std::unordered_map<std::string, std::size_t> node;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> version;
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

// Per node and feed, the newest serial it applied: what makes an older version superseded.
using NewestApplied = std::map<std::pair<std::size_t, std::string>, std::uint64_t>;

// The confirmations of the matrix's nodes and versions, each put in its cell (state still the
// confirmation's own: applied or rejected).
Result<NewestApplied> read_confirmations(
    sqlite3* db, const MatrixIndex& index,
    std::vector<std::vector<std::optional<MatrixCell>>>& known) {
    Query query(db,
                "SELECT node_id, feed, serial, status, applied_at, delay_seconds, reason "
                "FROM confirmations");
    NewestApplied newest;
    while (query.next()) {
        const auto node = index.node.find(query.text_at(0));
        if (node == index.node.end()) continue;
        const auto serial = static_cast<std::uint64_t>(query.integer_at(2));
        const std::string feed = query.text_at(1);
        const bool is_applied = query.text_at(3) == "applied";
        if (is_applied) {
            auto& n = newest[{node->second, feed}];
            n = std::max(n, serial);
        }
        const auto version = index.version.find({feed, serial});
        if (version == index.version.end()) continue;
        MatrixCell cell;
        cell.state = is_applied ? CellState::applied : CellState::rejected;
        cell.applied_at = query.text_at(4);
        if (!query.is_null_at(5)) cell.delay_seconds = query.real_at(5);
        cell.reason = query.text_at(6);
        known[version->second][node->second] = std::move(cell);
    }
    if (query.error) return query.error;
    return newest;
}

// Each cell's latest probe report (by finished_at), in words.
Result<void> add_probes(sqlite3* db, const MatrixIndex& index, ComplianceMatrix& matrix) {
    Query query(db,
                "SELECT node_id, feed, serial, blocked, not_blocked, errors, finished_at "
                "FROM probe_reports ORDER BY finished_at");
    while (query.next()) {
        const auto node = index.node.find(query.text_at(0));
        const auto version =
            index.version.find({query.text_at(1), static_cast<std::uint64_t>(query.integer_at(2))});
        if (node == index.node.end() || version == index.version.end()) continue;
        const std::int64_t blocked = query.integer_at(3), missed = query.integer_at(4),
                           errors = query.integer_at(5);
        std::string words = missed > 0 ? std::to_string(missed) + " not blocked"
                                       : std::to_string(blocked) + " blocked";
        words += " of " + std::to_string(blocked + missed + errors);
        if (errors > 0) words += ", " + std::to_string(errors) + " errors";
        matrix.cells[version->second][node->second].probe = words + " (" + query.text_at(6) + ")";
    }
    if (query.error) return query.error;
    return {};
}

MatrixCell cell_of(const MatrixVersion& version, std::optional<std::int64_t> issued_at,
                   std::size_t node, std::optional<MatrixCell> known, const NewestApplied& newest,
                   std::int64_t now) {
    const auto latest = newest.find({node, version.feed});
    CellFacts facts;
    if (known) facts.status = known->state == CellState::applied ? "applied" : "rejected";
    facts.has_later_applied = latest != newest.end() && latest->second > version.serial;
    facts.issued_at = issued_at;
    facts.deadline_seconds = version.deadline_seconds;
    facts.now = now;
    MatrixCell cell = known ? std::move(*known) : MatrixCell{};
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
    matrix.nodes = std::move(*nodes);
    matrix.versions = std::move(*versions);
    MatrixIndex index;
    for (std::size_t n = 0; n < matrix.nodes.size(); ++n) index.node[matrix.nodes[n].id] = n;
    for (std::size_t v = 0; v < matrix.versions.size(); ++v)
        index.version[{matrix.versions[v].feed, matrix.versions[v].serial}] = v;
    std::vector<std::vector<std::optional<MatrixCell>>> known(
        matrix.versions.size(), std::vector<std::optional<MatrixCell>>(matrix.nodes.size()));
    const auto newest = read_confirmations(db, index, known);
    if (!newest) return newest.error();
    for (std::size_t v = 0; v < matrix.versions.size(); ++v) {
        const MatrixVersion& version = matrix.versions[v];
        std::optional<std::int64_t> issued_at;
        if (const auto issued = filter::parse_feed_time(version.issued_at))
            issued_at = issued->time_since_epoch().count();
        std::vector<MatrixCell>& row = matrix.cells.emplace_back();
        row.reserve(matrix.nodes.size());
        for (std::size_t n = 0; n < matrix.nodes.size(); ++n)
            row.push_back(cell_of(version, issued_at, n, std::move(known[v][n]), *newest, now));
    }
    if (auto probes = add_probes(db, index, matrix); !probes) return probes.error();
    return matrix;
}

}  // namespace roja::hub
