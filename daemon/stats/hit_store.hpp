// The hit statistics store: SQLite in WAL mode in the state directory (hits.sqlite). Hourly
// counts per entry and group, and per entry and day a distinct-client sketch; no addresses.
// A flush is one transaction, so a crash (even kill -9) loses at most the flush in progress
// and never leaves half of one. Thread-safe (one connection behind a mutex: the flusher
// writes every few seconds, the API reads now and then).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>

#include "daemon/stats/hit_rows.hpp"
#include "daemon/stats/sqlite_handle.hpp"

namespace roja::stats {

class HitStore {
  public:
    static Result<std::unique_ptr<HitStore>> open(const std::filesystem::path& path);

    // Adds the counts to those stored (same hour, entry, list, group) and merges the sketches.
    Result<void> write(const HitRows& rows);
    // Deletes hours and days older than `retention` before `now`; returns the rows deleted.
    Result<std::uint64_t> expire(std::chrono::system_clock::time_point now,
                                 std::chrono::days retention);
    Result<std::vector<HitSummary>> query(const HitQuery& query) const;
    // SQLite's own check: "ok" when the file is sound.
    Result<std::string> integrity_check() const;

  private:
    explicit HitStore(SqliteDb db) : db_(std::move(db)) {}

    Result<void> write_hits(const std::vector<HitRow>& hits);
    Result<void> write_clients(const std::vector<ClientRow>& clients);
    Result<void> add_estimates(std::vector<HitSummary>& days) const;

    mutable std::mutex mutex_;
    SqliteDb db_;
};

}  // namespace roja::stats
