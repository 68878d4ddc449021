// Serials of exported zones: one more whenever the content changes (a feed's zone: the feed's
// serial, when that is newer), kept in <state_dir>/rpz/<zone>.serial so a restart never hands
// consumers a serial they already saw with other content.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace roja::rpz {

class ZoneSerials {
  public:
    // `directory` empty: serials live in memory only (a quick start without a state directory).
    explicit ZoneSerials(std::filesystem::path directory) : directory_(std::move(directory)) {}

    // The serial of a version whose content has `digest`: the stored serial when the digest is
    // the stored one; else `floor` (a feed's serial) when it is newer than the stored serial
    // (RFC 1982), else the stored serial + 1 (0 skipped) — written down before it is used.
    // Returns false in `persisted` when the file could not be written (the serial still rises).
    std::uint32_t serial_for(const std::string& zone, std::uint64_t digest, bool& persisted,
                             std::optional<std::uint32_t> floor = std::nullopt);

  private:
    struct Stored {
        std::uint32_t serial = 0;
        std::uint64_t digest = 0;
    };
    Stored load(const std::string& zone) const;
    bool save(const std::string& zone, const Stored& stored) const;
    std::filesystem::path file_of(const std::string& zone) const;

    std::filesystem::path directory_;
    std::map<std::string, Stored> known_;
};

}  // namespace roja::rpz
