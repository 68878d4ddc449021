// A latency histogram with fixed bucket bounds, written by one thread (Counter rules) and read
// by the exporter, which makes the buckets cumulative as Prometheus wants them.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>

#include "daemon/metrics/counter.hpp"

namespace roja::metrics {

// Upper bounds in seconds: loopback answers fall in the first buckets, a far resolver's in the
// middle, timeouts past the last (+Inf).
inline constexpr std::array<double, 12> kLatencyBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

struct LatencyHistogram {
    std::array<Counter, kLatencyBounds.size() + 1>
        buckets{};  // the last one is +Inf; not cumulative
    Counter sum_microseconds;

    void observe(std::chrono::microseconds latency) noexcept {
        const double seconds = static_cast<double>(latency.count()) / 1e6;
        std::size_t bucket = 0;
        while (bucket < kLatencyBounds.size() && seconds > kLatencyBounds[bucket]) ++bucket;
        buckets[bucket].add();
        sum_microseconds.add(static_cast<std::uint64_t>(latency.count() > 0 ? latency.count() : 0));
    }
};

}  // namespace roja::metrics
