#include "daemon/stats/hit_store.hpp"

namespace roja::stats {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS hits (
    hour INTEGER NOT NULL, entry TEXT NOT NULL, list TEXT NOT NULL, grp TEXT NOT NULL,
    authority TEXT NOT NULL, decision TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (hour, entry, list, grp)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hits_by_authority ON hits (authority, hour);
CREATE TABLE IF NOT EXISTS clients (
    day INTEGER NOT NULL, entry TEXT NOT NULL, list TEXT NOT NULL, sketch BLOB NOT NULL,
    PRIMARY KEY (day, entry, list)) WITHOUT ROWID;
)sql";

constexpr std::string_view kUpsertHit =
    "INSERT INTO hits (hour, entry, list, grp, authority, decision, reason, count) VALUES (?1, ?2, "
    "?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (hour, entry, list, grp) DO UPDATE SET count = count + excluded.count, "
    "authority = excluded.authority, decision = excluded.decision, reason = excluded.reason";

}  // namespace

Result<std::unique_ptr<HitStore>> HitStore::open(const std::filesystem::path& path) {
    auto db = open_database(path.c_str(), kSchema);
    if (!db) return db.error();
    return std::unique_ptr<HitStore>(new HitStore(std::move(*db)));
}

Result<void> HitStore::write_hits(const std::vector<HitRow>& hits) {
    auto statement = prepare(db_.get(), kUpsertHit);
    if (!statement) return statement.error();
    sqlite3_stmt* s = statement->get();
    for (const HitRow& row : hits) {
        sqlite3_bind_int64(s, 1, row.hour);
        bind_text(s, 2, row.entry);
        bind_text(s, 3, row.list);
        bind_text(s, 4, row.group);
        bind_text(s, 5, row.authority);
        bind_text(s, 6, row.decision);
        bind_text(s, 7, row.reason);
        sqlite3_bind_int64(s, 8, static_cast<std::int64_t>(row.count));
        if (auto done = step_done(s); !done) return done;
    }
    return {};
}

Result<void> HitStore::write_clients(const std::vector<ClientRow>& clients) {
    auto select = prepare(db_.get(),
                          "SELECT sketch FROM clients WHERE day = ?1 AND entry = ?2 AND list = ?3");
    auto upsert = prepare(
        db_.get(),
        "INSERT OR REPLACE INTO clients (day, entry, list, sketch) VALUES (?1, ?2, ?3, ?4)");
    if (!select) return select.error();
    if (!upsert) return upsert.error();
    for (const ClientRow& row : clients) {
        sqlite3_stmt* s = select->get();
        sqlite3_bind_int64(s, 1, row.day);
        bind_text(s, 2, row.entry);
        bind_text(s, 3, row.list);
        ClientSketch merged = row.clients;
        if (sqlite3_step(s) == SQLITE_ROW) {
            const auto* blob = static_cast<const char*>(sqlite3_column_blob(s, 0));
            const auto stored = ClientSketch::parse(
                {blob ? blob : "", static_cast<std::size_t>(sqlite3_column_bytes(s, 0))});
            if (stored) merged.merge(*stored);
        }
        sqlite3_reset(s);
        const std::string bytes = merged.serialize();
        sqlite3_stmt* u = upsert->get();
        sqlite3_bind_int64(u, 1, row.day);
        bind_text(u, 2, row.entry);
        bind_text(u, 3, row.list);
        sqlite3_bind_blob(u, 4, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
        if (auto done = step_done(u); !done) return done;
    }
    return {};
}

Result<void> HitStore::write(const HitRows& rows) {
    if (rows.empty()) return {};
    std::lock_guard lock(mutex_);
    Transaction transaction(db_.get());
    if (auto begun = transaction.begin(); !begun) return begun;
    if (auto hits = write_hits(rows.hits); !hits) return hits;
    if (auto clients = write_clients(rows.clients); !clients) return clients;
    return transaction.commit();
}

Result<std::uint64_t> HitStore::expire(std::chrono::system_clock::time_point now,
                                       std::chrono::days retention) {
    const auto cutoff =
        std::chrono::duration_cast<std::chrono::seconds>((now - retention).time_since_epoch())
            .count();
    std::lock_guard lock(mutex_);
    std::uint64_t deleted = 0;
    for (const char* sql :
         {"DELETE FROM hits WHERE hour < ?1", "DELETE FROM clients WHERE day < ?1"}) {
        auto statement = prepare(db_.get(), sql);
        if (!statement) return statement.error();
        sqlite3_bind_int64(statement->get(), 1, cutoff);
        if (auto done = step_done(statement->get()); !done) return done.error();
        deleted += static_cast<std::uint64_t>(sqlite3_changes(db_.get()));
    }
    return deleted;
}

Result<std::string> HitStore::integrity_check() const {
    std::lock_guard lock(mutex_);
    auto statement = prepare(db_.get(), "PRAGMA integrity_check");
    if (!statement) return statement.error();
    std::string result;
    while (sqlite3_step(statement->get()) == SQLITE_ROW) {
        if (!result.empty()) result += "\n";
        result += column_text(statement->get(), 0);
    }
    return result;
}

}  // namespace roja::stats
