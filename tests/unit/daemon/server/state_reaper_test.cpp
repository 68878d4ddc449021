// Replaced serving states are freed by the reaper thread, never by the thread (a worker) that
// happens to drop the last use of them (issue 17: freeing a 1M-name policy stalled a worker).
#include "daemon/server/state_holder.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "filter/policy_builder.hpp"

namespace roja::server {
namespace {

// A state whose policy notes the thread that frees it. Atomic: the test reads it while the
// reaper thread may be writing it (ThreadSanitizer saw that race).
using FreedOn = std::atomic<std::thread::id>;

std::shared_ptr<const ServingState> state_noting(FreedOn& freed_on) {
    std::shared_ptr<const filter::Policy> built = filter::PolicyBuilder{}.build();
    const filter::Policy* raw = built.get();
    auto state = std::make_shared<ServingState>();
    state->policy = std::shared_ptr<const filter::Policy>(
        raw, [&freed_on, built = std::move(built)](const filter::Policy*) mutable {
            freed_on = std::this_thread::get_id();
            built.reset();
        });
    return state;
}

TEST_CASE("a replaced state is freed by the reaper, not by the worker that used it last") {
    FreedOn first_freed_on, second_freed_on;
    {
        StateHolder holder;
        holder.publish(state_noting(first_freed_on));
        StateView worker(holder);
        CHECK(worker.get().policy != nullptr);
        holder.publish(state_noting(second_freed_on));
        const ServingState& now = worker.get();  // lets go of the first state here
        CHECK(now.policy != nullptr);
        CHECK(first_freed_on.load() == std::thread::id{});  // still held for the reaper
    }  // the holder joins its reaper; the current state goes with the holder
    CHECK(first_freed_on.load() != std::thread::id{});
    CHECK(first_freed_on.load() != std::this_thread::get_id());
}

TEST_CASE(
    "a state an upstream exchange and the metrics outlive the reload with is freed by the reaper") {
    FreedOn freed_on;
    {
        StateHolder holder;
        holder.publish(state_noting(freed_on));
        std::shared_ptr<const ServingState> in_flight = holder.current();
        std::shared_ptr<const filter::Policy> in_metrics = in_flight->policy;
        holder.publish(std::make_shared<ServingState>());
        in_flight.reset();  // the worker's last uses end here: neither may free it
        in_metrics.reset();
        CHECK(freed_on.load() != std::this_thread::get_id());
    }
    CHECK(freed_on.load() != std::thread::id{});
    CHECK(freed_on.load() != std::this_thread::get_id());
}

}  // namespace
}  // namespace roja::server
