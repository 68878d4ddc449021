#include "daemon/feed/feed_updater.hpp"

#include <algorithm>
#include <random>

namespace roja::feed {

FeedUpdater::FeedUpdater(audit::AuditLog* audit) : audit_(audit) {}

FeedUpdater::~FeedUpdater() {
    stop();
}

FeedFollower& FeedUpdater::add(const config::FeedConfig& feed,
                               const std::filesystem::path& state_dir) {
    std::lock_guard lock(followers_mutex_);
    followers_.push_back(make_follower(feed, state_dir));
    return *followers_.back();
}

std::unique_ptr<FeedFollower> FeedUpdater::make_follower(const config::FeedConfig& feed,
                                                         const std::filesystem::path& state_dir) {
    return std::make_unique<FeedFollower>(feed, state_dir, audit_, &stopping_);
}

void FeedUpdater::start(ApplyVersion apply, std::function<void()> after_poll) {
    // Kept even without feeds: a reload may add the first one.
    apply_ = std::move(apply);
    after_poll_ = std::move(after_poll);
    resume();
}

void FeedUpdater::pause() {
    stopping_.store(true);
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    stopping_.store(false);
}

void FeedUpdater::replace(const std::vector<config::FeedConfig>& feeds,
                          std::map<std::string, std::unique_ptr<FeedFollower>> fresh) {
    std::vector<std::unique_ptr<FeedFollower>> next;
    std::lock_guard lock(followers_mutex_);
    for (const config::FeedConfig& feed : feeds) {
        if (auto made = fresh.find(feed.id); made != fresh.end() && made->second) {
            next.push_back(std::move(made->second));
            continue;
        }
        for (auto& follower : followers_)
            if (follower && follower->config() == feed) next.push_back(std::move(follower));
    }
    for (auto& follower : followers_) {
        if (!follower) continue;
        const std::string& id = follower->config().id;
        const bool is_followed =
            std::any_of(feeds.begin(), feeds.end(), [&](const auto& f) { return f.id == id; });
        if (!is_followed) follower->retire();
    }
    followers_ = std::move(next);  // the followers of removed and changed feeds end here
}

void FeedUpdater::resume() {
    if (thread_.joinable() || !apply_) return;
    std::lock_guard lock(followers_mutex_);
    if (followers_.empty()) return;
    thread_ = std::thread([this] { run(); });
}

std::vector<config::FeedConfig> FeedUpdater::configs() const {
    std::lock_guard lock(followers_mutex_);
    std::vector<config::FeedConfig> out;
    for (const auto& follower : followers_) out.push_back(follower->config());
    return out;
}

bool FeedUpdater::empty() const {
    std::lock_guard lock(followers_mutex_);
    return followers_.empty();
}

void FeedUpdater::poll_now() {
    {
        std::lock_guard lock(mutex_);
        poll_requested_ = true;
    }
    wake_.notify_all();
}

void FeedUpdater::stop() {
    stopping_.store(true);
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::vector<FeedStatus> FeedUpdater::status() const {
    std::lock_guard lock(followers_mutex_);
    std::vector<FeedStatus> out;
    for (const auto& follower : followers_) out.push_back(follower->status());
    return out;
}

void FeedUpdater::note_loaded(const std::vector<FeedListLoad>& loads) {
    std::lock_guard lock(followers_mutex_);
    for (const auto& follower : followers_) follower->note_loaded(loads);
}

// False when woken to stop. A poll request ends the wait early (the caller polls everything).
bool FeedUpdater::wait_for(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, delay, [this] { return stopping_.load() || poll_requested_; });
    return !stopping_.load();
}

void FeedUpdater::run() {
    using Clock = std::chrono::steady_clock;
    std::mt19937_64 random(std::random_device{}());
    std::vector<Clock::time_point> next(followers_.size(), Clock::now());
    // Retries inside a poll wait here too, so shutdown cuts them short.
    const RetryWait retry_wait = [this](std::chrono::milliseconds delay) {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
        return !stopping_.load();
    };
    while (!stopping_.load()) {
        {
            std::lock_guard lock(mutex_);
            if (poll_requested_) std::fill(next.begin(), next.end(), Clock::now());
            poll_requested_ = false;
        }
        for (std::size_t i = 0; i < followers_.size() && !stopping_.load(); ++i) {
            if (Clock::now() < next[i]) continue;
            followers_[i]->poll(apply_, retry_wait);
            if (after_poll_) after_poll_();
            // ±10 % jitter, so that many subscribers of one feed do not poll in step.
            const auto interval =
                std::chrono::duration_cast<std::chrono::milliseconds>(followers_[i]->config().poll);
            const auto spread = std::uniform_int_distribution<long long>(
                -interval.count() / 10, interval.count() / 10)(random);
            next[i] = Clock::now() + interval + std::chrono::milliseconds(spread);
        }
        const auto soonest = *std::min_element(next.begin(), next.end());
        const auto delay =
            std::chrono::duration_cast<std::chrono::milliseconds>(soonest - Clock::now());
        if (!wait_for(std::max(delay, std::chrono::milliseconds(0)))) break;
    }
}

}  // namespace roja::feed
