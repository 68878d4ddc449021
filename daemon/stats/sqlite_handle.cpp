#include "daemon/stats/sqlite_handle.hpp"

namespace roja::stats {

namespace {

class SqliteCategory : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "sqlite"; }
    std::string message(int code) const override { return sqlite3_errstr(code); }
};

}  // namespace

const boost::system::error_category& sqlite_category() noexcept {
    static const SqliteCategory category;
    return category;
}

boost::system::error_code sqlite_error(int code) {
    return {code, sqlite_category()};
}

Result<SqliteDb> open_database(const char* path, const char* schema) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(
        path, &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    SqliteDb db(raw);
    if (rc != SQLITE_OK) return sqlite_error(rc);
    sqlite3_busy_timeout(db.get(), 5000);
    if (auto created = exec(db.get(), schema); !created) return created.error();
    return db;
}

Result<void> exec(sqlite3* db, const char* sql) {
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(rc);
    return {};
}

Result<Statement> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    Statement statement(raw);
    if (rc != SQLITE_OK) return sqlite_error(rc);
    return statement;
}

void bind_text(sqlite3_stmt* statement, int index, std::string_view text) {
    sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt* statement, int column) {
    const auto* text = sqlite3_column_text(statement, column);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<std::size_t>(sqlite3_column_bytes(statement, column)))
                : std::string();
}

Result<void> step_done(sqlite3_stmt* statement) {
    const int rc = sqlite3_step(statement);
    if (rc != SQLITE_DONE) return sqlite_error(rc);
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return {};
}

}  // namespace roja::stats
