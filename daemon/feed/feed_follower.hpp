// One feed, followed: polls its source, takes a new version through every guard of docs/feed.md
// and hands it to be applied; its FeedRecorder keeps the record (status, log line, audit record)
// of each outcome. Runs on the feed thread only; status() may be read from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_apply.hpp"
#include "daemon/feed/feed_recorder.hpp"
#include "daemon/feed/feed_source.hpp"
#include "daemon/feed/feed_status.hpp"
#include "daemon/feed/feed_store.hpp"
#include "daemon/feed/fetch_retry.hpp"

namespace roja::feed {

class FeedFollower {
  public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    // Reads the feed's trust and opens its store under `state_dir`; throws std::runtime_error
    // (start-up) when either cannot be used. `audit` may be null (no audit log).
    FeedFollower(config::FeedConfig config, const std::filesystem::path& state_dir,
                 audit::AuditLog* audit, const std::atomic<bool>* cancel, Clock clock = {});

    // Start-up: the last good version from the state directory, verified again against today's
    // trust (signature, manifest, feed id, payload hashes) but not against the serial or expiry:
    // an expired one is still enforced, flagged stale. Null when there is none or it fails.
    std::shared_ptr<const FeedCandidate> load_last_good();

    // One poll: download, check, apply (stages in feed_follower.cpp). Never throws; every
    // outcome is recorded.
    void poll(const ApplyVersion& apply, const RetryWait& wait);

    // After the start-up build: the per-list counts the policy took (for the status).
    void note_loaded(const std::vector<FeedListLoad>& loads);
    // The feed left the configuration: its status file goes (so `rojactl feed status` does not
    // report a feed nobody follows); its versions and highest serial stay, should it come back.
    void retire() { recorder_.retire(); }

    FeedStatus status() const { return recorder_.status(); }
    const config::FeedConfig& config() const noexcept { return config_; }

  private:
    // The files of one poll, as they arrive and pass their checks.
    struct Download {
        std::string manifest;
        SignatureFiles signatures;
        Validators validators;
        std::optional<VerifiedManifest> verified;
        std::shared_ptr<FeedCandidate> candidate;
        std::chrono::steady_clock::time_point downloaded{};
    };
    enum class Step { go_on, done };

    Step fetch_manifest(Download& download, const RetryWait& wait);
    Step check_manifest(Download& download);
    Step fetch_payloads(Download& download, const RetryWait& wait);
    void apply_version(Download& download, const ApplyVersion& apply);
    FetchResult fetch(std::string_view where, std::size_t max_bytes, const Validators* conditional,
                      const RetryWait& wait);

    void reject(const filter::FeedProblem& problem, const Download& download);
    // Start-up: the stored version checked again against today's trust; the reason if not.
    filter::FeedResult<void> verify_stored(FeedCandidate& candidate) const;

    config::FeedConfig config_;
    TrustConfig trust_;
    FeedStore store_;
    FeedSource source_;
    Clock clock_;
    std::mt19937_64 random_;
    Validators validators_;  // of the manifest in force, for the next conditional GET
    std::shared_ptr<const FeedCandidate> current_;
    FeedRecorder recorder_;
};

}  // namespace roja::feed
