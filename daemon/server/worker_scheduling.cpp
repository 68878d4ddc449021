#include "daemon/server/worker_scheduling.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace roja::server {

namespace {

constexpr std::uint64_t kWorkerSliceNs = 100'000;  // the kernel's smallest custom slice

// The kernel's struct sched_attr (SCHED_ATTR_SIZE_VER0): glibc 2.36 has no wrapper, and
// <linux/sched/types.h> clashes with <sched.h>.
struct SchedAttr {
    std::uint32_t size;
    std::uint32_t sched_policy;
    std::uint64_t sched_flags;
    std::int32_t sched_nice;
    std::uint32_t sched_priority;
    std::uint64_t sched_runtime;
    std::uint64_t sched_deadline;
    std::uint64_t sched_period;
};
static_assert(sizeof(SchedAttr) == 48);

}  // namespace

void request_short_slice() noexcept {
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    SchedAttr attr{};
    attr.size = sizeof attr;
    attr.sched_policy = SCHED_OTHER;
    attr.sched_nice = errno == 0 ? nice : 0;  // unchanged: lowering it would need privilege
    attr.sched_runtime = kWorkerSliceNs;
    (void)::syscall(SYS_sched_setattr, 0, &attr, 0);
}

}  // namespace roja::server
