// A counter written by one thread and read by any: a relaxed load and store (no read-modify-write),
// so on x86 an increment is a plain add with no lock prefix. Only the owning thread may add.
#pragma once

#include <atomic>
#include <cstdint>

namespace roja::metrics {

struct Counter {
    std::atomic<std::uint64_t> value{0};

    void add(std::uint64_t n = 1) noexcept {
        value.store(value.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    std::uint64_t get() const noexcept { return value.load(std::memory_order_relaxed); }

    // So that code written for a plain integer (`++counters.timeouts`, `counters.x == 1`) reads on.
    Counter& operator++() noexcept {
        add();
        return *this;
    }
    operator std::uint64_t() const noexcept { return get(); }
};

}  // namespace roja::metrics
