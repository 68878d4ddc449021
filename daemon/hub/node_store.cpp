#include "daemon/hub/node_store.hpp"

namespace roja::hub {

Result<void> register_node(sqlite3* db, const config::HubNodeConfig& node, std::int64_t now) {
    Query query(db,
                "INSERT INTO nodes (node_id, isp, api, first_seen_at) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (node_id) DO UPDATE SET isp = excluded.isp, api = excluded.api");
    return query.text(1, node.id).text(2, node.isp).text(3, node.api).integer(4, now).run();
}

Result<void> store_poll_result(sqlite3* db, const std::string& node_id, const PollResult& poll) {
    if (!poll.error.empty()) {
        Query failed(db, "UPDATE nodes SET last_poll_at = ?2, last_error = ?3 WHERE node_id = ?1");
        return failed.text(1, node_id).integer(2, poll.at).text(3, poll.error).run();
    }
    Query ok(db,
             "UPDATE nodes SET last_poll_at = ?2, last_success_at = ?2, last_error = '', "
             "status_json = ?3, degraded = ?4 WHERE node_id = ?1");
    return ok.text(1, node_id)
        .integer(2, poll.at)
        .text(3, poll.status_json)
        .integer(4, poll.is_degraded ? 1 : 0)
        .run();
}

Result<void> store_chain_state(sqlite3* db, const std::string& node_id, bool is_ok,
                               const std::string& detail) {
    Query query(db, "UPDATE nodes SET chain_ok = ?2, chain_detail = ?3 WHERE node_id = ?1");
    return query.text(1, node_id).integer(2, is_ok ? 1 : 0).text(3, detail).run();
}

Result<std::vector<FeedSerial>> versions_to_confirm(sqlite3* db, const std::string& node_id) {
    Query query(db,
                "SELECT v.feed, v.serial FROM node_versions v LEFT JOIN confirmations c "
                "ON c.node_id = v.node_id AND c.feed = v.feed AND c.serial = v.serial "
                "WHERE v.node_id = ?1 AND (c.status IS NULL OR c.status <> 'applied') "
                "ORDER BY v.feed, v.serial");
    query.text(1, node_id);
    std::vector<FeedSerial> versions;
    while (query.next())
        versions.push_back({query.text_at(0), static_cast<std::uint64_t>(query.integer_at(1))});
    if (query.error) return query.error;
    return versions;
}

Result<void> store_confirmation(sqlite3* db, const std::string& node_id,
                                const NodeConfirmation& c) {
    stats::Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun) return begun;
    Query row(db,
              "INSERT INTO confirmations (node_id, feed, serial, status, applied_at, "
              "delay_seconds, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
              "ON CONFLICT (node_id, feed, serial) DO UPDATE SET status = excluded.status, "
              "applied_at = excluded.applied_at, delay_seconds = excluded.delay_seconds, "
              "reason = excluded.reason");
    const auto serial = static_cast<std::int64_t>(c.version.serial);
    row.text(1, node_id).text(2, c.version.feed).integer(3, serial).text(4, c.status);
    row.text(5, c.applied_at).text(7, c.reason);
    if (c.delay_seconds) row.real(6, *c.delay_seconds);
    if (auto done = row.run(); !done) return done;
    Query body(db,
               "INSERT OR REPLACE INTO confirmation_bodies (node_id, feed, serial, body) "
               "VALUES (?1, ?2, ?3, ?4)");
    body.text(1, node_id).text(2, c.version.feed).integer(3, serial).text(4, c.body);
    if (auto done = body.run(); !done) return done;
    return transaction.commit();
}

Result<std::string> last_hit_day(sqlite3* db, const std::string& node_id) {
    Query query(db, "SELECT max(day) FROM hits WHERE node_id = ?1");
    query.text(1, node_id);
    std::string day;
    if (query.next()) day = query.text_at(0);
    if (query.error) return query.error;
    return day;
}

Result<void> store_day_hits(sqlite3* db, const std::string& node_id,
                            const std::vector<DayHits>& rows) {
    stats::Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun) return begun;
    // The node's count for a day is a total, not an increment: storing it again replaces it.
    Query upsert(db,
                 "INSERT INTO hits (node_id, day, entry, list, authority, decision, hits, "
                 "clients_estimate, clients_sketch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                 "ON CONFLICT (node_id, day, entry, list) DO UPDATE SET hits = excluded.hits, "
                 "clients_estimate = excluded.clients_estimate, authority = excluded.authority, "
                 "decision = excluded.decision, clients_sketch = excluded.clients_sketch");
    for (const DayHits& row : rows) {
        upsert.text(1, node_id).text(2, row.day).text(3, row.entry).text(4, row.list);
        upsert.text(5, row.authority).text(6, row.decision).integer(7, row.hits);
        if (row.clients_estimate) upsert.integer(8, *row.clients_estimate);
        if (!row.clients_sketch.empty()) upsert.blob(9, row.clients_sketch);
        if (auto done = stats::step_done(upsert.statement.get()); !done) return done;
    }
    return transaction.commit();
}

}  // namespace roja::hub
