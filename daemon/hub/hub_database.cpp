#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

namespace {

// Times are Unix seconds; the node's own texts (issued_at, applied_at) stay as it wrote them.
constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS nodes (
    node_id TEXT PRIMARY KEY, isp TEXT NOT NULL, api TEXT NOT NULL,
    last_poll_at INTEGER, last_success_at INTEGER, last_error TEXT NOT NULL DEFAULT '',
    status_json TEXT NOT NULL DEFAULT '', degraded INTEGER NOT NULL DEFAULT 0,
    chain_ok INTEGER NOT NULL DEFAULT 1, chain_detail TEXT NOT NULL DEFAULT '',
    first_seen_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit_records (
    node_id TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL, type TEXT NOT NULL,
    line TEXT NOT NULL, hash TEXT NOT NULL, prev TEXT NOT NULL,
    PRIMARY KEY (node_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (
    node_id TEXT NOT NULL, seq INTEGER NOT NULL, signed_seq INTEGER NOT NULL,
    key_id TEXT NOT NULL, verified INTEGER NOT NULL,
    PRIMARY KEY (node_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feed_versions (
    feed TEXT NOT NULL, serial INTEGER NOT NULL, issued_at TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed, serial)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS node_versions (
    node_id TEXT NOT NULL, feed TEXT NOT NULL, serial INTEGER NOT NULL,
    PRIMARY KEY (node_id, feed, serial)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS confirmations (
    node_id TEXT NOT NULL, feed TEXT NOT NULL, serial INTEGER NOT NULL,
    status TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT '', delay_seconds REAL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (node_id, feed, serial)) WITHOUT ROWID;
-- The node's whole answer, apart: the matrix scans confirmations and must not read these.
CREATE TABLE IF NOT EXISTS confirmation_bodies (
    node_id TEXT NOT NULL, feed TEXT NOT NULL, serial INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (node_id, feed, serial));
CREATE TABLE IF NOT EXISTS hits (
    node_id TEXT NOT NULL, day TEXT NOT NULL, entry TEXT NOT NULL, list TEXT NOT NULL,
    authority TEXT NOT NULL, decision TEXT NOT NULL, hits INTEGER NOT NULL,
    clients_estimate INTEGER, clients_sketch BLOB,
    PRIMARY KEY (node_id, day, entry, list)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS probe_reports (
    sha256 TEXT PRIMARY KEY, node_id TEXT NOT NULL, feed TEXT NOT NULL, serial INTEGER NOT NULL,
    resolver TEXT NOT NULL, finished_at TEXT NOT NULL, blocked INTEGER NOT NULL,
    not_blocked INTEGER NOT NULL, errors INTEGER NOT NULL, read_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS probe_misses (
    sha256 TEXT NOT NULL, entry_id TEXT NOT NULL, name TEXT NOT NULL, how TEXT NOT NULL,
    PRIMARY KEY (sha256, entry_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT, node_id TEXT NOT NULL, kind TEXT NOT NULL,
    subject TEXT NOT NULL, detail TEXT NOT NULL, raised_at INTEGER NOT NULL, cleared_at INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS alarms_open
    ON alarms (node_id, kind, subject) WHERE cleared_at IS NULL;
)sql";

}  // namespace

Result<SqliteDb> open_hub_database(const std::string& path) {
    auto db = stats::open_database(path.c_str(), kSchema);
    if (db) sqlite3_busy_timeout(db->get(), 30000);  // a long page insert of another thread
    return db;
}

Query::Query(sqlite3* db, std::string_view sql) {
    auto prepared = stats::prepare(db, sql);
    if (prepared)
        statement = std::move(*prepared);
    else
        error = prepared.error();
}

Query& Query::text(int index, std::string_view value) {
    if (statement) stats::bind_text(statement.get(), index, value);
    return *this;
}

Query& Query::integer(int index, std::int64_t value) {
    if (statement) sqlite3_bind_int64(statement.get(), index, value);
    return *this;
}

Query& Query::blob(int index, std::string_view value) {
    if (statement)
        sqlite3_bind_blob(statement.get(), index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT);
    return *this;
}

Query& Query::real(int index, double value) {
    if (statement) sqlite3_bind_double(statement.get(), index, value);
    return *this;
}

bool Query::next() {
    if (!statement) return false;
    const int rc = sqlite3_step(statement.get());
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) error = stats::sqlite_error(rc);
    return false;
}

Result<void> Query::run() {
    if (!statement) return error;
    while (next()) {
    }
    if (error) return error;
    return {};
}

std::string Query::text_at(int column) const {
    return stats::column_text(statement.get(), column);
}

std::int64_t Query::integer_at(int column) const {
    return sqlite3_column_int64(statement.get(), column);
}

std::string Query::blob_at(int column) const {
    const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement.get(), column));
    return bytes
               ? std::string(
                     bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement.get(), column)))
               : std::string();
}

double Query::real_at(int column) const {
    return sqlite3_column_double(statement.get(), column);
}

bool Query::is_null_at(int column) const {
    return sqlite3_column_type(statement.get(), column) == SQLITE_NULL;
}

}  // namespace roja::hub
