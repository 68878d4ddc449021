// The hub's SQLite database (<state_dir>/hub.sqlite, WAL): the schema and one connection. Each
// thread opens its own connection (SQLite serialises the writers; WAL lets readers go on), so
// no lock of ours is held across a network request. Every insert is keyed: a poll repeated or
// killed half way never counts anything twice (docs/hub.md).
#pragma once

#include <string>

#include "daemon/stats/sqlite_handle.hpp"

namespace roja::hub {

using stats::SqliteDb;
using stats::Statement;

// Opens (creating, with the schema) the database at `path`.
Result<SqliteDb> open_hub_database(const std::string& path);

// A statement prepared for one use, throwing nothing: an error leaves it null.
struct Query {
    Statement statement;
    boost::system::error_code error;

    Query(sqlite3* db, std::string_view sql);
    explicit operator bool() const noexcept { return statement != nullptr; }
    Query& text(int index, std::string_view value);
    Query& integer(int index, std::int64_t value);
    Query& real(int index, double value);
    Query& blob(int index, std::string_view bytes);
    // sqlite3_step: true while a row is there.
    bool next();
    Result<void> run();  // to the end; the error of the step, if any
    std::string text_at(int column) const;
    std::int64_t integer_at(int column) const;
    double real_at(int column) const;
    std::string blob_at(int column) const;
    bool is_null_at(int column) const;
};

}  // namespace roja::hub
