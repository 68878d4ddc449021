// rojad's state directory (last good feeds, the audit log, statistics), held for the life of the
// daemon: created if missing, and locked so that a second rojad on the same directory stops at
// start-up instead of interleaving its audit chain and feed versions with ours.
#pragma once

#include <filesystem>
#include <string>

namespace roja::app {

class StateDirectory {
  public:
    // Throws std::runtime_error naming the directory and the reason (start-up only).
    explicit StateDirectory(std::filesystem::path path);
    ~StateDirectory();
    StateDirectory(const StateDirectory&) = delete;
    StateDirectory& operator=(const StateDirectory&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path audit_log() const { return path_ / "audit.jsonl"; }

  private:
    std::filesystem::path path_;
    int lock_fd_ = -1;
};

}  // namespace roja::app
