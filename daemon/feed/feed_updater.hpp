// The feed thread: polls every configured feed on its interval (and at once on poll_now()),
// off the query path. Blocking downloads and the policy build happen here; the workers only
// ever see the finished state swapped in.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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

    // Starts the thread; the first poll of every feed happens at once. `after_poll` (optional)
    // runs on the feed thread after each poll, e.g. to refresh the service status line.
    void start(ApplyVersion apply, std::function<void()> after_poll = {});

    // A reload whose feeds section changed (main thread): pause() stops the thread (cancelling a
    // transfer in progress), so no version is applied while the new policy is built;
    // make_follower() prepares a new or changed feed (throws like add()); replace() follows
    // `feeds` in that order, keeping the follower of each feed that did not change and taking the
    // new ones from `fresh`; resume() starts the thread again (every feed polled at once).
    void pause();
    std::unique_ptr<FeedFollower> make_follower(const config::FeedConfig& feed,
                                                const std::filesystem::path& state_dir);
    void replace(const std::vector<config::FeedConfig>& feeds,
                 std::map<std::string, std::unique_ptr<FeedFollower>> fresh);
    void resume();
    // The configuration of each feed followed now.
    std::vector<config::FeedConfig> configs() const;
    // Polls every feed now (SIGHUP, an operator who knows a version was just published).
    void poll_now();
    // Cancels a transfer in progress and joins the thread (shutdown).
    void stop();

    std::vector<FeedStatus> status() const;
    // After the start-up build: each feed's per-list counts (for its status).
    void note_loaded(const std::vector<FeedListLoad>& loads);
    bool empty() const;

  private:
    void run();
    bool wait_for(std::chrono::milliseconds delay);

    audit::AuditLog* audit_;
    // Changed only by replace(), with the thread stopped; the lock is for readers on other
    // threads (the admin API's status).
    mutable std::mutex followers_mutex_;
    std::vector<std::unique_ptr<FeedFollower>> followers_;
    ApplyVersion apply_;
    std::function<void()> after_poll_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool poll_requested_ = false;
    std::thread thread_;
};

}  // namespace roja::feed
