// Publishes ServingState snapshots to the workers without a lock on the query path: a reload
// stores the new snapshot and bumps a generation number; each worker compares one integer per
// batch and takes the new pointer (under the mutex, once per reload) only when it changed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "daemon/server/serving_state.hpp"
#include "daemon/server/state_reaper.hpp"

namespace roja::server {

class StateHolder {
  public:
    // The replaced snapshot goes to the reaper, not to whoever happens to drop it last: that
    // would be a worker (its view, an upstream exchange, its metrics), whose queries would wait
    // while a 1M-name policy is freed.
    void publish(std::shared_ptr<const ServingState> state) {
        std::shared_ptr<const ServingState> old;
        {
            std::lock_guard lock(mutex_);
            old = std::exchange(current_, std::move(state));
            generation_.fetch_add(1, std::memory_order_release);
        }
        if (old) reaper_.retire(std::move(old));
    }
    std::shared_ptr<const ServingState> current() const {
        std::lock_guard lock(mutex_);
        return current_;
    }
    std::uint64_t generation() const noexcept {
        return generation_.load(std::memory_order_acquire);
    }

  private:
    mutable std::mutex mutex_;
    std::shared_ptr<const ServingState> current_;
    std::atomic<std::uint64_t> generation_{0};
    StateReaper reaper_;  // last: it joins its thread before current_ goes
};

// A worker's view: the snapshot it answers with, refreshed when the generation moves.
class StateView {
  public:
    explicit StateView(const StateHolder& holder) : holder_(holder) { refresh(); }
    const ServingState& get() noexcept {
        if (holder_.generation() != seen_) refresh();
        return *state_;
    }
    // The snapshot itself, for work that outlives this call (an upstream exchange).
    const std::shared_ptr<const ServingState>& shared() noexcept {
        get();
        return state_;
    }

  private:
    void refresh() {
        seen_ = holder_.generation();
        state_ = holder_.current();
    }
    const StateHolder& holder_;
    std::shared_ptr<const ServingState> state_;
    std::uint64_t seen_ = 0;
};

}  // namespace roja::server
