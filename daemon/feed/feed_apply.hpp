// What applying a verified feed version reported: the boundary between the updater (feed thread)
// and whoever builds and publishes the serving state (daemon/server), so neither knows the other.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/feed/feed_candidate.hpp"

namespace roja::feed {

struct RejectedEntry {
    std::string value;     // the entry as listed ("google.com")
    std::string protects;  // the never-block name it would have blocked
    std::uint32_t line = 0;
};

inline constexpr std::size_t kRejectedEntriesKept = 1000;  // per list; the count stays exact

struct FeedListLoad {
    std::string feed_id;
    std::string list_id;
    std::size_t entries = 0;              // parsed, as the manifest counts them
    std::size_t loaded = 0;               // in the policy
    std::size_t invalid = 0;              // bad lines
    std::size_t never_blocked = 0;        // rejected by the never-block guard
    std::vector<RejectedEntry> rejected;  // the first kRejectedEntriesKept of them
};

struct ApplyReport {
    // Empty: built, persisted and published. Otherwise why not (entry_count_mismatch,
    // malformed_payload, store_failed); the previous state stays in force.
    std::optional<filter::FeedProblem> problem;
    std::vector<FeedListLoad> lists;
    double build_seconds = 0;    // parse and build of the new policy
    double persist_seconds = 0;  // the version written to the state directory
};

// Builds the serving state with `candidate` in place of its feed's current version, calls
// `persist` (the version becomes the last good one on disk) and only then publishes it.
using PersistVersion = std::function<filter::FeedResult<void>()>;
using ApplyVersion = std::function<ApplyReport(std::shared_ptr<const FeedCandidate> candidate,
                                               const PersistVersion& persist)>;

}  // namespace roja::feed
