// The per-client log's store: SQLite in WAL mode, <state_dir>/client-log.sqlite, apart from the
// hit statistics so that it can be deleted (or never exist) on its own. One row per query:
// time, client address, name, type, the policy's verdict with its list and entry, how it was
// answered, and the client's group. Personal data (docs/metrics.md); regulators never read it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/stats/sqlite_handle.hpp"

namespace roja::stats {

struct ClientLogRow {
    std::int64_t at_ms = 0;  // Unix time in milliseconds
    std::string client;      // the address as text
    std::string name;
    std::string type;     // "A", "AAAA"..., else "TYPE<n>" (RFC 3597)
    std::string verdict;  // blocked, allowed (an allow entry decided) or pass (no list matched)
    std::string answer;   // blocked, cached, upstream, stale, safe_search, servfail
    std::string list;     // the deciding list's id (blocked, allowed), else empty
    std::string entry;    // the deciding entry's id, else empty
    std::string group;
    friend bool operator==(const ClientLogRow&, const ClientLogRow&) = default;
};

struct ClientLogQuery {
    std::optional<std::string> client;  // one address, as text
    std::int64_t from_ms = 0;           // inclusive
    std::int64_t to_ms = INT64_MAX;     // exclusive
    std::size_t limit = 10'000;
};

class ClientLogStore {
  public:
    static Result<std::unique_ptr<ClientLogStore>> open(const std::filesystem::path& path);

    // Appends the rows in one transaction (all or none).
    Result<void> write(const std::vector<ClientLogRow>& rows);
    // Deletes rows older than `retention` before `now`; returns how many.
    Result<std::uint64_t> expire(std::chrono::system_clock::time_point now,
                                 std::chrono::days retention);
    // Rows in time order.
    Result<std::vector<ClientLogRow>> query(const ClientLogQuery& query) const;

  private:
    explicit ClientLogStore(SqliteDb db) : db_(std::move(db)) {}

    mutable std::mutex mutex_;
    SqliteDb db_;
};

}  // namespace roja::stats
