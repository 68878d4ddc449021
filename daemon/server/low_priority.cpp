#include "daemon/server/low_priority.hpp"

#include <sys/resource.h>
#include <unistd.h>

namespace roja::server {

namespace {
constexpr int kLowNice = 10;  // weight 110 against a worker's 1024
}

void lower_this_thread_priority() noexcept {
    // Linux applies PRIO_PROCESS with a thread id to that thread alone. If refused, normal
    // priority is only slower to yield, never wrong.
    (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLowNice);
}

}  // namespace roja::server
