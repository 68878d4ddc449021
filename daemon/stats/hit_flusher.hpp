// The hit store's thread: every flush_interval (and at each hour's start, so an hour's counts
// never spill into the next) it takes the workers' buffers, turns them into rows (entry ids,
// authorities and group names from the policy each hit was decided with) and writes them in
// one transaction. A failed write keeps the rows for the next flush. The client-hash key is
// made fresh for each UTC day and forgotten when the day ends.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon/stats/hit_buffer.hpp"
#include "daemon/stats/hit_store.hpp"

namespace roja::stats {

using Clock = std::chrono::system_clock;

// Hands every worker's batch over and gives them `next_key`.
using CollectBatches = std::function<std::vector<HitBatch>(const SipKey& next_key)>;

// The rows of `batches`, counted in the hour (and day) that starts at or before `at`.
HitRows hit_rows(const std::vector<HitBatch>& batches, Clock::time_point at);

class HitFlusher {
  public:
    HitFlusher(HitStore& store, CollectBatches collect, std::chrono::seconds interval,
               std::chrono::days retention);
    ~HitFlusher();
    HitFlusher(const HitFlusher&) = delete;
    HitFlusher& operator=(const HitFlusher&) = delete;

    // Enables the workers' buffers at once (first collect), then flushes on the thread.
    void start();
    // Joins the thread after a last collect-and-write.
    void stop();
    // Writes batches taken directly (the workers have stopped): the last flush at shutdown.
    void write_final(std::vector<HitBatch> batches);

    // One flush of what the collector hands over now (tests; the thread calls it).
    void flush(Clock::time_point now);

  private:
    void run();
    const SipKey& key_for(Clock::time_point when);
    void write(const std::vector<HitBatch>& batches, Clock::time_point interval_start);

    HitStore& store_;
    CollectBatches collect_;
    std::chrono::seconds interval_;
    std::chrono::days retention_;
    SipKey key_{};
    std::int64_t key_day_ = -1;
    Clock::time_point interval_start_{};
    std::int64_t expired_hour_ = -1;
    HitRows pending_;  // rows a failed write left for the next one
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace roja::stats
