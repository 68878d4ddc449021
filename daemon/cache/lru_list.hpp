// Intrusive recency list over cache entries: front = most recently used, back = next victim.
// Every operation is O(1) and touches only the entries' own links.
#pragma once

#include "daemon/cache/cache_entry.hpp"

namespace roja::cache {

class LruList {
  public:
    CacheEntry* front() const { return front_; }
    CacheEntry* back() const { return back_; }
    bool empty() const { return front_ == nullptr; }

    void push_front(CacheEntry* e) {
        e->lru_prev = nullptr;
        e->lru_next = front_;
        if (front_ != nullptr) front_->lru_prev = e;
        front_ = e;
        if (back_ == nullptr) back_ = e;
    }
    void remove(CacheEntry* e) {
        (e->lru_prev != nullptr ? e->lru_prev->lru_next : front_) = e->lru_next;
        (e->lru_next != nullptr ? e->lru_next->lru_prev : back_) = e->lru_prev;
        e->lru_prev = e->lru_next = nullptr;
    }
    void move_to_front(CacheEntry* e) {
        if (e == front_) return;
        remove(e);
        push_front(e);
    }

  private:
    CacheEntry* front_ = nullptr;
    CacheEntry* back_ = nullptr;
};

}  // namespace roja::cache
