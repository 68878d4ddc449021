// The tamper-evident audit log: append-only JSON lines, each carrying a sequence number, the time,
// a type, its details and the SHA-256 of the previous line, so an edit, deletion, reordering or
// truncation anywhere breaks the chain (docs/audit.md). Every append is fsynced before it returns.
//
//   {"seq":7,"time":"2026-11-29T01:40:00Z","type":"feed_applied","details":{...},"prev":"<64 hex>"}
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "filter/result.hpp"

namespace roja::audit {

// The chain's anchor: the "prev" of the first record.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

using WallClock = std::function<std::chrono::system_clock::time_point()>;

class AuditLog {
  public:
    // Opens (or creates) `path` and reads the chain's tail. A last line cut short by a crash is
    // cut off and reported by an `audit_tail_repaired` record that keeps its hash and length, so
    // the repair itself is on the record. Fails when the file cannot be read or written or its
    // last complete line is not a record.
    static Result<std::unique_ptr<AuditLog>> open(std::filesystem::path path, WallClock clock = {});

    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    // Appends one record and fsyncs it; returns its sequence number. Thread-safe.
    Result<std::uint64_t> append(std::string_view type, boost::json::object details);

    // The sequence number the next record gets (1 for an empty log).
    std::uint64_t next_seq() const;
    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    AuditLog(std::filesystem::path path, int fd, WallClock clock);

    std::filesystem::path path_;
    int fd_;
    WallClock clock_;
    mutable std::mutex mutex_;
    std::uint64_t next_seq_ = 1;
    std::string prev_hash_{kGenesisHash};
};

// "2026-11-29T01:40:00Z" (UTC, whole seconds): the time format of audit records and feed records.
std::string format_utc(std::chrono::system_clock::time_point time);

}  // namespace roja::audit
