// Work that must not delay a worker's queries — a reload's policy build, freeing a replaced
// policy, trimming the heap — runs at a low CPU priority (nice 10). rojad is often pinned to as
// many cores as it has workers, so that work shares a worker's core; there it yields to the
// workers (which also ask for a short slice, worker_scheduling.hpp) yet still gets about a
// tenth of a saturated core, so a reload never starves.
#pragma once

#include <exception>
#include <optional>
#include <thread>
#include <utility>

namespace roja::server {

// Lowers the calling thread to nice 10 for good (an unprivileged thread cannot raise it back).
void lower_this_thread_priority() noexcept;

// Runs `work` on a short-lived thread at low priority and returns its result (or rethrows its
// exception); the caller waits. One thread per reload, not per query.
template <class Work>
auto at_low_priority(Work&& work) -> decltype(work()) {
    using Result = decltype(work());
    std::optional<Result> result;
    std::exception_ptr failure;
    std::thread([&] {
        lower_this_thread_priority();
        try {
            result.emplace(work());
        } catch (...) {
            failure = std::current_exception();
        }
    }).join();
    if (failure) std::rethrow_exception(failure);
    return std::move(*result);
}

}  // namespace roja::server
