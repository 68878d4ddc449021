#include "daemon/hub/audit_store.hpp"

namespace roja::hub {

namespace {

Result<void> insert_records(sqlite3* db, const std::string& node_id, const AuditIntake& page) {
    Query insert(db,
                 "INSERT OR IGNORE INTO audit_records (node_id, seq, time, type, line, hash, prev) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const TakenRecord& r : page.records) {
        insert.text(1, node_id).integer(2, static_cast<std::int64_t>(r.seq)).text(3, r.time);
        insert.text(4, r.type).text(5, r.line).text(6, r.hash).text(7, r.prev);
        if (auto done = stats::step_done(insert.statement.get()); !done) return done;
    }
    return {};
}

Result<void> insert_versions(sqlite3* db, const std::string& node_id, const AuditIntake& page,
                             std::int64_t now) {
    // A rejection may not know issued_at; an applied record of the same version fills it in.
    Query version(db,
                  "INSERT INTO feed_versions (feed, serial, issued_at, first_seen_at) "
                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (feed, serial) DO UPDATE SET issued_at = "
                  "excluded.issued_at WHERE feed_versions.issued_at = ''");
    Query mention(
        db, "INSERT OR IGNORE INTO node_versions (node_id, feed, serial) VALUES (?1, ?2, ?3)");
    for (const FeedMention& v : page.versions) {
        const auto serial = static_cast<std::int64_t>(v.serial);
        version.text(1, v.feed).integer(2, serial).text(3, v.issued_at).integer(4, now);
        if (auto done = stats::step_done(version.statement.get()); !done) return done;
        mention.text(1, node_id).text(2, v.feed).integer(3, serial);
        if (auto done = stats::step_done(mention.statement.get()); !done) return done;
    }
    return {};
}

Result<void> insert_checkpoints(sqlite3* db, const std::string& node_id, const AuditIntake& page) {
    Query insert(db,
                 "INSERT OR IGNORE INTO checkpoints (node_id, seq, signed_seq, key_id, verified) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const CheckpointSeen& c : page.checkpoints) {
        insert.text(1, node_id).integer(2, static_cast<std::int64_t>(c.seq));
        insert.integer(3, static_cast<std::int64_t>(c.signed_seq)).text(4, c.key_id);
        insert.integer(5, c.is_verified ? 1 : 0);
        if (auto done = stats::step_done(insert.statement.get()); !done) return done;
    }
    return {};
}

}  // namespace

Result<NodeTail> stored_tail(sqlite3* db, const std::string& node_id) {
    Query query(db,
                "SELECT seq, hash FROM audit_records WHERE node_id = ?1 ORDER BY seq DESC LIMIT 1");
    query.text(1, node_id);
    NodeTail tail;
    if (query.next()) {
        tail.seq = static_cast<std::uint64_t>(query.integer_at(0));
        tail.hash = query.text_at(1);
    }
    if (query.error) return query.error;
    return tail;
}

Result<void> store_audit_page(sqlite3* db, const std::string& node_id, const AuditIntake& page,
                              std::int64_t now) {
    stats::Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun) return begun;
    if (auto done = insert_records(db, node_id, page); !done) return done;
    if (auto done = insert_versions(db, node_id, page, now); !done) return done;
    if (auto done = insert_checkpoints(db, node_id, page); !done) return done;
    return transaction.commit();
}

}  // namespace roja::hub
