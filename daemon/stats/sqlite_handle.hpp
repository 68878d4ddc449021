// SQLite handles in unique_ptrs, and the few calls the stores need, returning Result<>.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "filter/result.hpp"

namespace roja::stats {

struct SqliteCloser {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
    void operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// SQLite's error as an error_code (its result code in a category of its own).
boost::system::error_code sqlite_error(int code);
const boost::system::error_category& sqlite_category() noexcept;

// Opens (creating) the database at `path` and runs `schema` (CREATE ... IF NOT EXISTS).
Result<SqliteDb> open_database(const char* path, const char* schema);
Result<void> exec(sqlite3* db, const char* sql);
Result<Statement> prepare(sqlite3* db, std::string_view sql);
void bind_text(sqlite3_stmt* statement, int index, std::string_view text);
std::string column_text(sqlite3_stmt* statement, int column);
// Runs a statement to completion and resets it for the next bindings.
Result<void> step_done(sqlite3_stmt* statement);

// A transaction that rolls back unless committed.
class Transaction {
  public:
    explicit Transaction(sqlite3* db) : db_(db) {}
    ~Transaction() {
        if (db_) exec(db_, "ROLLBACK");
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Result<void> begin() { return exec(db_, "BEGIN IMMEDIATE"); }
    Result<void> commit() {
        auto done = exec(db_, "COMMIT");
        if (done) db_ = nullptr;
        return done;
    }

  private:
    sqlite3* db_;
};

}  // namespace roja::stats
