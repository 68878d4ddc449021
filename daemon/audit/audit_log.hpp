// The tamper-evident audit log: append-only JSON lines, each carrying a sequence number, the time,
// a type, its details and the SHA-256 of the previous line, so an edit, deletion, reordering or
// truncation anywhere breaks the chain (docs/audit.md). Every append is fsynced before it returns.
//
//   {"seq":7,"time":"2026-11-29T01:40:00Z","type":"feed_applied","details":{...},"prev":"<64 hex>"}
//
// A full file is rotated (audit_files.hpp) and the chain goes on in the next one: the first record
// of a file follows the last of the one before. With a signing key, an audit_checkpoint record
// signed with the node's Ed25519 key follows every N records or every interval
// (checkpoint_key.hpp).
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

class CheckpointSigner;

struct AuditOptions {
    std::uint64_t rotate_bytes = 0;                  // 0: never rotate
    std::shared_ptr<const CheckpointSigner> signer;  // null: no checkpoints
    std::uint32_t checkpoint_records = 0;  // a checkpoint after this many records (0: not by count)
    std::chrono::seconds checkpoint_interval{
        0};  // or the first record this long after the last one
};

class AuditLog {
  public:
    // Opens (or creates) `path` and reads the chain's tail. A last line cut short by a crash is
    // cut off and reported by an `audit_tail_repaired` record that keeps its hash and length, so
    // the repair itself is on the record. Fails when the file cannot be read or written or its
    // last complete line is not a record.
    // An empty (or missing) file continues the chain of the newest rotated file beside it.
    static Result<std::unique_ptr<AuditLog>> open(std::filesystem::path path, WallClock clock = {},
                                                  AuditOptions options = {});

    ~AuditLog();
    AuditLog(const AuditLog&) = delete;
    AuditLog& operator=(const AuditLog&) = delete;

    // Appends one record and fsyncs it; returns its sequence number. Thread-safe.
    Result<std::uint64_t> append(std::string_view type, boost::json::object details);

    // The sequence number the next record gets (1 for an empty log).
    std::uint64_t next_seq() const;
    const std::filesystem::path& path() const noexcept { return path_; }

  private:
    AuditLog(std::filesystem::path path, int fd, WallClock clock, AuditOptions options);

    Result<void> read_chain();
    Result<std::uint64_t> append_locked(std::string_view type, boost::json::object details);
    void checkpoint_if_due();
    Result<void> rotate();

    std::filesystem::path path_;
    int fd_;
    WallClock clock_;
    AuditOptions options_;
    mutable std::mutex mutex_;
    std::uint64_t next_seq_ = 1;
    std::string prev_hash_{kGenesisHash};
    std::uint64_t file_first_seq_ = 1;  // seq of the current file's first record (its rotated name)
    std::uint64_t file_bytes_ = 0;
    std::uint32_t since_checkpoint_ = 0;  // records appended since the last checkpoint
    std::chrono::system_clock::time_point last_checkpoint_{};
    std::string cut_tail_;  // a line cut short by a crash, removed at open
};

}  // namespace roja::audit
