// Publishes ServingState snapshots to the workers without a lock on the query path: a reload
// stores the new snapshot and bumps a generation number; each worker compares one integer per
// batch and takes the new pointer (under the mutex, once per reload) only when it changed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "daemon/server/serving_state.hpp"

namespace roja::server {

class StateHolder {
  public:
    void publish(std::shared_ptr<const ServingState> state) {
        std::lock_guard lock(mutex_);
        current_ = std::move(state);
        generation_.fetch_add(1, std::memory_order_release);
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
