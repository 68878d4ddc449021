#include "daemon/feed/feed_updater.hpp"

#include <algorithm>
#include <random>

namespace roja::feed {

FeedUpdater::FeedUpdater(audit::AuditLog* audit) : audit_(audit) {}

FeedUpdater::~FeedUpdater() {
    stop();
}

FeedFollower& FeedUpdater::add(const config::FeedConfig& feed, const std::filesystem::path& state_dir) {
    followers_.push_back(std::make_unique<FeedFollower>(feed, state_dir, audit_, &stopping_));
    return *followers_.back();
}

void FeedUpdater::start(ApplyVersion apply) {
    if (followers_.empty() || thread_.joinable()) return;
    apply_ = std::move(apply);
    thread_ = std::thread([this] { run(); });
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
    std::vector<FeedStatus> out;
    for (const auto& follower : followers_) out.push_back(follower->status());
    return out;
}

void FeedUpdater::note_loaded(const std::vector<FeedListLoad>& loads) {
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
            // ±10 % jitter, so that many subscribers of one feed do not poll in step.
            const auto interval = std::chrono::duration_cast<std::chrono::milliseconds>(followers_[i]->config().poll);
            const auto spread = std::uniform_int_distribution<long long>(-interval.count() / 10, interval.count() / 10)(random);
            next[i] = Clock::now() + interval + std::chrono::milliseconds(spread);
        }
        const auto soonest = *std::min_element(next.begin(), next.end());
        const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(soonest - Clock::now());
        if (!wait_for(std::max(delay, std::chrono::milliseconds(0)))) break;
    }
}

}  // namespace roja::feed
