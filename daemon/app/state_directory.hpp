// rojad's state directory (last good feeds, the audit log, statistics), held for the life of the
// daemon: created if missing, and locked so that a second rojad on the same directory stops at
// start-up instead of interleaving its audit chain and feed versions with ours.
#pragma once

#include <sys/types.h>

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

    // Started as root and about to serve as another user: gives that user the directory and
    // everything in it (last good feeds, the audit log), so it can go on writing them. Throws
    // std::runtime_error naming the file that could not be handed over (start-up only).
    void hand_over(uid_t uid, gid_t gid) const;
    std::filesystem::path audit_log() const { return path_ / "audit.jsonl"; }

  private:
    std::filesystem::path path_;
    int lock_fd_ = -1;
};

}  // namespace roja::app
