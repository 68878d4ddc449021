// Frees replaced serving states on a thread of its own, at low priority. A snapshot's last
// reference is usually dropped on a worker (its StateView, an upstream exchange that outlived
// the reload, the metrics' and hit buffers' policy pointers): freeing a 1M-name policy there
// stalled that worker's queries for tens of milliseconds. The reaper keeps each retired state
// until it holds the only reference to it and to its policy, then frees it itself.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "daemon/server/serving_state.hpp"

namespace roja::server {

class StateReaper {
  public:
    StateReaper();
    ~StateReaper();  // frees what is left, whoever still uses it
    StateReaper(const StateReaper&) = delete;
    StateReaper& operator=(const StateReaper&) = delete;

    void retire(std::shared_ptr<const ServingState> state);

  private:
    void run();
    static void free_unused(std::vector<std::shared_ptr<const ServingState>>& held);

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::shared_ptr<const ServingState>> retired_;  // handed over, not yet taken
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace roja::server
