// The feed thread: polls every configured feed on its interval (and at once on poll_now()),
// off the query path. Blocking downloads and the policy build happen here; the workers only
// ever see the finished state swapped in.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon/feed/feed_follower.hpp"

namespace roja::feed {

class FeedUpdater {
  public:
    explicit FeedUpdater(audit::AuditLog* audit);
    ~FeedUpdater();
    FeedUpdater(const FeedUpdater&) = delete;
    FeedUpdater& operator=(const FeedUpdater&) = delete;

    // Start-up, before start(): follows `feed`, keeping its state under `state_dir`. Throws
    // std::runtime_error when its trust or its state directory cannot be used.
    FeedFollower& add(const config::FeedConfig& feed, const std::filesystem::path& state_dir);

    // Starts the thread; the first poll of every feed happens at once.
    void start(ApplyVersion apply);
    // Polls every feed now (SIGHUP, an operator who knows a version was just published).
    void poll_now();
    // Cancels a transfer in progress and joins the thread (shutdown).
    void stop();

    std::vector<FeedStatus> status() const;
    // After the start-up build: each feed's per-list counts (for its status).
    void note_loaded(const std::vector<FeedListLoad>& loads);
    bool empty() const noexcept { return followers_.empty(); }

  private:
    void run();
    bool wait_for(std::chrono::milliseconds delay);

    audit::AuditLog* audit_;
    std::vector<std::unique_ptr<FeedFollower>> followers_;
    ApplyVersion apply_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool poll_requested_ = false;
    std::thread thread_;
};

}  // namespace roja::feed
