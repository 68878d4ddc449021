// The poll cycles on their own thread: every `poll.interval` (± up to `poll.jitter`, so many
// hubs or restarts do not hit the nodes in step), each node polled by one of at most
// `poll.parallel` threads with its own database connection, then the alarm sweep. A node that
// hangs costs its thread the request timeout; the others go on. Probe reports are read from
// their directory after the polls, before the sweep.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/hub_config.hpp"
#include "daemon/feed/minisign_key.hpp"
#include "daemon/hub/node_target.hpp"

namespace roja::hub {

struct CycleSummary {
    std::size_t nodes = 0, failed = 0;
    std::uint64_t new_records = 0;
};

class HubPoller {
  public:
    using CycleDone = std::function<void(const CycleSummary&)>;

    HubPoller(const config::HubConfig& hub, const std::vector<NodeTarget>& nodes,
              const std::vector<feed::MinisignPublicKey>& prober_keys, std::string database,
              CycleDone on_cycle);
    ~HubPoller();
    HubPoller(const HubPoller&) = delete;
    HubPoller& operator=(const HubPoller&) = delete;

    void start();
    void stop();
    // One cycle on the calling thread (rojahub --once, tests).
    CycleSummary run_cycle();

  private:
    void loop();
    void poll_some(std::atomic<std::size_t>& next, CycleSummary& summary, std::mutex& guard);
    std::chrono::milliseconds next_wait();

    const config::HubConfig& hub_;
    const std::vector<NodeTarget>& nodes_;
    const std::vector<feed::MinisignPublicKey>& prober_keys_;
    std::string database_;
    CycleDone on_cycle_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool is_stopping_ = false;
    std::atomic<bool> is_cancelled_{false};  // ends the requests under way at stop()
    std::thread thread_;
};

std::int64_t unix_now();

}  // namespace roja::hub
