// The feed's state directory: the last applied version (manifest, signatures, payloads) as
// last-known-good, and the highest serial ever accepted, both crash-safe (kill -9 at any point
// leaves the old or the new version current, never half of one, and the serial never goes down).
//
//   <state>/<feed>/serial          highest serial, written before a version counts as applied
//   <state>/<feed>/v<serial>/      one version: manifest.json, its signatures, the payloads by
//                                  their manifest path; a feed directory fetch_local can read
//   <state>/<feed>/current         symlink to the applied v<serial>
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "filter/result.hpp"

namespace roja::feed {

struct StoredFile {
    std::string path;  // relative, '/'-separated, as in the manifest
    std::string bytes;
};

struct FeedVersion {
    std::uint64_t serial = 0;
    std::string manifest;                // the exact signed bytes
    std::optional<std::string> minisig;  // manifest.json.minisig
    std::optional<std::string> p7s;      // manifest.json.p7s
    std::vector<StoredFile> payloads;    // sorted by path when loaded
};

class FeedStore {
  public:
    // `feed_id` becomes a directory name: [a-z0-9._-]{1,64}, not "." or "..". Throws
    // std::invalid_argument otherwise (at start-up, from the configuration).
    FeedStore(std::filesystem::path state_dir, std::string feed_id);

    // Creates the directory, removes the *.tmp leftovers of an interrupted store() and versions
    // that never became current, and reads the serial and the current version. Call before the
    // rest; an error (unreadable directory, a corrupt serial file) means: do not start the feed.
    Result<void> load();

    // The applied version, read back from disk; nullopt before the first store().
    Result<std::optional<FeedVersion>> last_good() const;

    // The highest serial ever stored (persisted; at least applied_serial()).
    std::optional<std::uint64_t> highest_serial() const noexcept { return highest_serial_; }
    // The serial of the version `current` points at.
    std::optional<std::uint64_t> applied_serial() const noexcept { return applied_serial_; }

    // Makes `version` the current one. Refused (invalid_argument) when its serial is not above
    // the applied one or below the highest, or a payload path is unsafe or reserved. The serial
    // file is raised first, so a crash after that keeps the rollback guard even if the switch
    // never happened. Keeps the previous version too and removes older ones.
    Result<void> store(const FeedVersion& version);

    const std::filesystem::path& directory() const noexcept { return dir_; }
    // <state>/<feed>/current: the last good feed as a directory (for verification at start-up).
    std::filesystem::path current_directory() const { return dir_ / "current"; }

  private:
    Result<void> write_version(const FeedVersion& version, const std::filesystem::path& tmp) const;
    void remove_old_versions() const;

    std::filesystem::path dir_;
    std::optional<std::uint64_t> highest_serial_;
    std::optional<std::uint64_t> applied_serial_;
};

}  // namespace roja::feed
