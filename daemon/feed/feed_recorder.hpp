// The record of one feed's outcomes: its status (read by the API from any thread, and kept in
// status.json), one log line per outcome and an audit record (a repeated rejection of the same
// bytes is recorded once, a run of the same fetch failure at its first). Written by the feed
// thread only.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "config/config.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_apply.hpp"
#include "daemon/feed/feed_candidate.hpp"
#include "daemon/feed/feed_status.hpp"
#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

class FeedRecorder {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    // `audit` may be null (no audit log).
    FeedRecorder(const config::FeedConfig& config, std::filesystem::path status_file,
                 audit::AuditLog* audit, Clock clock);

    // Start-up: the stored last good version, enforced; none; or one that failed its checks.
    void last_good_loaded(const FeedCandidate& candidate);
    void no_last_good();
    void last_good_refused(const std::string& reason);
    // After the start-up build: the per-list counts the policy took.
    void loaded(const std::vector<FeedListLoad>& loads);

    // One poll's outcomes.
    void poll_started();
    void unchanged(std::string_view result);
    // `manifest_bytes` identifies the rejected version (a repeat is recorded once); `verified`
    // when the manifest got that far; `kept` is the version still in force (may be null).
    void rejected(const filter::FeedProblem& problem, std::string_view manifest_bytes,
                  const VerifiedManifest* verified, const FeedCandidate* kept);
    void fetch_failed(std::string_view file, const FetchResult& result);
    void applied(const FeedCandidate& candidate, const ApplyReport& report, double apply_seconds);
    // Marks the version in force stale once it expired (and fresh again), recorded on change.
    void check_stale(const FeedCandidate& current);

    // Whether the last outcome was a rejection: the next manifest fetch is then unconditional,
    // so the same bytes are judged again rather than taken as unchanged.
    bool is_rejecting() const noexcept { return !last_rejection_.empty(); }

    void write_status();
    // The feed left the configuration: its status file goes (so `rojactl feed status` does not
    // report a feed nobody follows).
    void retire();
    FeedStatus status() const;

  private:
    void succeeded();
    void record(std::string_view type, boost::json::object details);
    std::string now_text() const;

    std::string feed_id_;
    std::filesystem::path status_file_;
    audit::AuditLog* audit_;
    Clock clock_;
    std::string last_rejection_;      // manifest SHA-256 + error: the same rejection, once
    std::string last_fetch_failure_;  // file + outcome + status: a run of the same failure, once

    mutable std::mutex status_mutex_;
    FeedStatus status_;
};

}  // namespace roja::feed
