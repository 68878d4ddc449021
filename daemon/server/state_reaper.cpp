#include "daemon/server/state_reaper.hpp"

#include <chrono>

#include "daemon/server/low_priority.hpp"

namespace roja::server {

namespace {

// How often held states are looked at while some are still in use: users let go within a
// batch of queries, an upstream timeout, or a hit-flush interval.
constexpr auto kRecheckEvery = std::chrono::milliseconds(100);

// Only the reaper holds it and its policy (each state builds its own, see state_loader.cpp):
// nobody can take a new reference any more.
bool is_unused(const std::shared_ptr<const ServingState>& state) noexcept {
    return state.use_count() == 1 && (!state->policy || state->policy.use_count() == 1);
}

}  // namespace

StateReaper::StateReaper() = default;

StateReaper::~StateReaper() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void StateReaper::retire(std::shared_ptr<const ServingState> state) {
    {
        std::lock_guard lock(mutex_);
        retired_.push_back(std::move(state));
        // Started at the first retirement, never at construction: the holder is made before
        // rojad drops its privileges, and a thread that exists then would keep root's
        // capabilities (they are per thread). The first state is replaced only by a reload or
        // a feed update, which come after the drop.
        if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    }
    wake_.notify_one();
}

void StateReaper::run() {
    lower_this_thread_priority();                           // see low_priority.hpp
    std::vector<std::shared_ptr<const ServingState>> held;  // only this thread touches it
    std::unique_lock lock(mutex_);
    for (;;) {
        if (held.empty())
            wake_.wait(lock, [&] { return stopping_ || !retired_.empty(); });
        else
            wake_.wait_for(lock, kRecheckEvery);
        for (auto& state : retired_) held.push_back(std::move(state));
        retired_.clear();
        if (stopping_) return;  // `held` goes here, on this thread, used or not
        lock.unlock();
        free_unused(held);  // outside the lock: a publish never waits for a free
        lock.lock();
    }
}

void StateReaper::free_unused(std::vector<std::shared_ptr<const ServingState>>& held) {
    std::erase_if(held, is_unused);
}

}  // namespace roja::server
