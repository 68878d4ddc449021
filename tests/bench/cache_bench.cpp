// Hit path of the per-worker answer cache vs. the obvious baseline (unordered_map<string,
// vector<uint8_t>> find + copy) over the same 100k answers; also counts heap allocations on hits
// and the memory overhead per entry.
#include "daemon/cache/answer_cache.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace {
std::size_t g_allocations = 0;
std::size_t g_allocated_bytes = 0;
}  // namespace

// Counting allocator for this executable only: proves the hit path allocates nothing.
// GCC 12 at -O3 pairs the replaced operator delete below with the standard new inside
// std::allocator and reports a mismatch that is not there (both ends are the ones defined here).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t size) {
    ++g_allocations;
    g_allocated_bytes += size;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
// Out of line: once inlined, GCC 12 pairs the free() with a new-expression and warns.
[[gnu::noinline]] void operator delete(void* p) noexcept {
    std::free(p);
}
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace roja::cache;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kNames = 100000;
constexpr std::size_t kHotNames = 1000;  // popular names stay in the CPU caches
constexpr std::size_t kRoundLookups = 200000;
constexpr int kRounds = 7;
constexpr std::size_t kCacheLookups = 2 * kRounds * kRoundLookups;  // all names + hot names

struct Answer {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint16_t> ttl_offsets;
};

// A plausible reply: 12-byte header, question, two A records, padded to a typical 90-250 bytes.
Answer make_answer(const std::string& name, std::size_t i) {
    Answer a;
    a.bytes = {0, 0, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0};
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t dot = std::min(name.find('.', start), name.size());
        a.bytes.push_back(static_cast<std::uint8_t>(dot - start));
        a.bytes.insert(a.bytes.end(), name.begin() + static_cast<std::ptrdiff_t>(start),
                       name.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    a.bytes.insert(a.bytes.end(), {0, 0, 1, 0, 1});
    for (int r = 0; r < 2; ++r) {
        a.bytes.insert(a.bytes.end(), {0xc0, 0x0c, 0, 1, 0, 1});
        a.ttl_offsets.push_back(static_cast<std::uint16_t>(a.bytes.size()));
        a.bytes.insert(a.bytes.end(), {0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1});
    }
    a.bytes.resize(std::max<std::size_t>(a.bytes.size(), 90 + (i % 9) * 20), 0);
    return a;
}

template <class F>
double ns_per_op(std::size_t ops, F&& body) {
    const auto start = Clock::now();
    body();
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
           static_cast<double>(ops);
}

}  // namespace

int main() {
    std::vector<std::string> names;
    std::vector<Answer> answers;
    std::size_t payload = 0;
    for (std::size_t i = 0; i < kNames; ++i) {
        names.push_back("host" + std::to_string(i) + ".zone" + std::to_string(i % 997) +
                        ".example");
        answers.push_back(make_answer(names.back(), i));
        payload += names.back().size() + answers.back().bytes.size();
    }
    std::vector<std::uint32_t> order(kRoundLookups);
    std::mt19937 rng(1);
    std::uniform_int_distribution<std::uint32_t> pick(0, kNames - 1);
    for (auto& o : order) o = pick(rng);

    CacheLimits limits;
    limits.max_bytes = 256u << 20;
    AnswerCache cache(limits);
    const TimePoint now = TimePoint{} + std::chrono::hours(1);
    for (std::size_t i = 0; i < kNames; ++i) {
        cache.insert({names[i], 1, 1, false, false}, answers[i].bytes, answers[i].ttl_offsets, 3600,
                     AnswerKind::positive, now);
    }
    const std::size_t base_alloc_bytes_before = g_allocated_bytes;
    std::unordered_map<std::string, std::vector<std::uint8_t>> baseline;
    for (std::size_t i = 0; i < kNames; ++i) baseline.emplace(names[i], answers[i].bytes);
    const std::size_t baseline_bytes = g_allocated_bytes - base_alloc_bytes_before;

    // The machine is shared: alternate short rounds and keep each side's best one.
    static std::array<std::uint8_t, 65535> out;
    std::uint64_t sink = 0;
    auto cache_round = [&](std::size_t span) {
        return ns_per_op(kRoundLookups, [&] {
            for (std::size_t i = 0; i < kRoundLookups; ++i) {
                const std::string& name = names[order[i] % span];
                const auto r = cache.lookup({name, 1, 1, false, false},
                                            now + std::chrono::seconds(60), 0x1234, out);
                sink += r.length + out[r.length - 1];
            }
        });
    };
    auto baseline_round = [&](std::size_t span) {
        return ns_per_op(kRoundLookups, [&] {
            for (std::size_t i = 0; i < kRoundLookups; ++i) {
                const auto& bytes = baseline.find(names[order[i] % span])->second;
                std::memcpy(out.data(), bytes.data(), bytes.size());
                out[0] = 0x12;
                out[1] = 0x34;
                sink += bytes.size() + out[bytes.size() - 1];
            }
        });
    };
    const std::size_t allocations_before = g_allocations;
    double cache_ns = 1e12, base_ns = 1e12, cache_hot_ns = 1e12, base_hot_ns = 1e12;
    for (int round = 0; round < kRounds; ++round) {
        cache_ns = std::min(cache_ns, cache_round(kNames));
        base_ns = std::min(base_ns, baseline_round(kNames));
        cache_hot_ns = std::min(cache_hot_ns, cache_round(kHotNames));
        base_hot_ns = std::min(base_hot_ns, baseline_round(kHotNames));
    }
    const std::size_t hit_allocations = g_allocations - allocations_before;

    const auto& stats = cache.stats();
    std::printf("cache_bench: %zu names, best of %d rounds of %zu lookups (checksum %llu)\n",
                kNames, kRounds, kRoundLookups, static_cast<unsigned long long>(sink));
    std::printf("  all %zu names, random (memory-bound):\n", kNames);
    std::printf("    AnswerCache hit (copy + ID + TTL rewrite): %.1f ns/op\n", cache_ns);
    std::printf("    unordered_map<string, vector> find + copy: %.1f ns/op\n", base_ns);
    std::printf("    ratio cache / baseline: %.2f\n", cache_ns / base_ns);
    std::printf("  hot %zu names:\n", kHotNames);
    std::printf("    AnswerCache hit (copy + ID + TTL rewrite): %.1f ns/op\n", cache_hot_ns);
    std::printf("    unordered_map<string, vector> find + copy: %.1f ns/op\n", base_hot_ns);
    std::printf("    ratio cache / baseline: %.2f\n", cache_hot_ns / base_hot_ns);
    std::printf("  heap allocations during %llu cache hits: %zu\n",
                static_cast<unsigned long long>(stats.hits), hit_allocations);
    std::printf(
        "  overhead per entry: cache %.1f B (counted, incl. index), baseline %.1f B (heap "
        "requests)\n",
        static_cast<double>(stats.bytes - payload) / static_cast<double>(stats.entries),
        static_cast<double>(baseline_bytes - payload) / static_cast<double>(kNames));
    return hit_allocations == 0 && stats.hits == kCacheLookups ? 0 : 1;
}
