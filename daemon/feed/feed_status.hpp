// What a feed's updater knows about it, for `rojactl feed status`, the metrics and the API:
// the version in force and how the last polls went. Written to <state>/<feed>/status.json after
// every poll (replaced atomically), so it can be read without asking the daemon.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "daemon/feed/feed_apply.hpp"

namespace roja::feed {

struct FeedListStatus {
    std::string id;
    std::string authority;
    std::uint64_t entries = 0;        // as the manifest counts them
    std::uint64_t loaded = 0;         // in the policy
    std::uint64_t never_blocked = 0;  // rejected by the never-block guard
};

struct FeedStatus {
    std::string feed;
    std::string source;
    // The version in force (none: the feed enforces nothing yet: degraded).
    std::optional<std::uint64_t> serial;
    std::string manifest_sha256;
    std::vector<std::string> signers;  // "minisign-prehashed 6A1F2C3D4E5F6071", "cms CN=..."
    std::string issued_at, expires_at, received_at, verified_at, applied_at;  // UTC text
    std::vector<FeedListStatus> lists;
    bool is_stale = false;  // the version in force has expired; it is still enforced
    // The polls.
    std::string last_poll_at;
    std::string last_result;  // applied, unchanged, not_modified, rejected, fetch_failed
    std::string last_error;   // a FeedError or FetchOutcome name when the poll failed
    std::string last_detail;
    std::string last_success_at;  // the source answered with a good version (new or the same)
    std::string last_failure_at;
    std::uint64_t polls = 0, applied = 0, rejected = 0, fetch_failures = 0;
    // By kind, for metrics labels: FeedError names and FetchOutcome names (bounded sets).
    std::map<std::string, std::uint64_t> rejected_by_error;
    std::map<std::string, std::uint64_t> fetch_failures_by_outcome;
    std::uint32_t consecutive_failures = 0;
    double last_apply_seconds = 0;  // download complete → new state published

    bool is_degraded() const noexcept { return !serial || is_stale; }
};

boost::json::object to_json(const FeedStatus& status);

}  // namespace roja::feed
