#include "daemon/stats/client_log_store.hpp"

namespace roja::stats {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS queries (
    time_ms INTEGER NOT NULL, client TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    verdict TEXT NOT NULL, answer TEXT NOT NULL, list TEXT NOT NULL, entry TEXT NOT NULL, grp TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS queries_by_time ON queries (time_ms);
CREATE INDEX IF NOT EXISTS queries_by_client ON queries (client, time_ms);
)sql";

constexpr std::string_view kInsert =
    "INSERT INTO queries (time_ms, client, name, type, verdict, answer, list, entry, grp) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

constexpr std::string_view kSelect =
    "SELECT time_ms, client, name, type, verdict, answer, list, entry, grp FROM queries "
    "WHERE time_ms >= ?1 AND time_ms < ?2 AND (?3 IS NULL OR client = ?3) ORDER BY time_ms, rowid "
    "LIMIT ?4";

void bind_row(sqlite3_stmt* s, const ClientLogRow& row) {
    sqlite3_bind_int64(s, 1, row.at_ms);
    bind_text(s, 2, row.client);
    bind_text(s, 3, row.name);
    bind_text(s, 4, row.type);
    bind_text(s, 5, row.verdict);
    bind_text(s, 6, row.answer);
    bind_text(s, 7, row.list);
    bind_text(s, 8, row.entry);
    bind_text(s, 9, row.group);
}

ClientLogRow read_row(sqlite3_stmt* s) {
    return {sqlite3_column_int64(s, 0), column_text(s, 1), column_text(s, 2),
            column_text(s, 3),          column_text(s, 4), column_text(s, 5),
            column_text(s, 6),          column_text(s, 7), column_text(s, 8)};
}

}  // namespace

Result<std::unique_ptr<ClientLogStore>> ClientLogStore::open(const std::filesystem::path& path) {
    auto db = open_database(path.c_str(), kSchema);
    if (!db) return db.error();
    return std::unique_ptr<ClientLogStore>(new ClientLogStore(std::move(*db)));
}

Result<void> ClientLogStore::write(const std::vector<ClientLogRow>& rows) {
    if (rows.empty()) return {};
    std::lock_guard lock(mutex_);
    Transaction transaction(db_.get());
    if (auto begun = transaction.begin(); !begun) return begun;
    auto statement = prepare(db_.get(), kInsert);
    if (!statement) return statement.error();
    for (const ClientLogRow& row : rows) {
        bind_row(statement->get(), row);
        if (auto done = step_done(statement->get()); !done) return done;
    }
    return transaction.commit();
}

Result<std::uint64_t> ClientLogStore::expire(std::chrono::system_clock::time_point now,
                                             std::chrono::days retention) {
    const auto cutoff =
        std::chrono::duration_cast<std::chrono::milliseconds>((now - retention).time_since_epoch())
            .count();
    std::lock_guard lock(mutex_);
    auto statement = prepare(db_.get(), "DELETE FROM queries WHERE time_ms < ?1");
    if (!statement) return statement.error();
    sqlite3_bind_int64(statement->get(), 1, cutoff);
    if (auto done = step_done(statement->get()); !done) return done.error();
    return static_cast<std::uint64_t>(sqlite3_changes(db_.get()));
}

Result<std::vector<ClientLogRow>> ClientLogStore::query(const ClientLogQuery& query) const {
    std::lock_guard lock(mutex_);
    auto statement = prepare(db_.get(), kSelect);
    if (!statement) return statement.error();
    sqlite3_stmt* s = statement->get();
    sqlite3_bind_int64(s, 1, query.from_ms);
    sqlite3_bind_int64(s, 2, query.to_ms);
    if (query.client) bind_text(s, 3, *query.client);
    sqlite3_bind_int64(s, 4, static_cast<std::int64_t>(query.limit));
    std::vector<ClientLogRow> rows;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) rows.push_back(read_row(s));
    if (rc != SQLITE_DONE) return sqlite_error(rc);
    return rows;
}

}  // namespace roja::stats
