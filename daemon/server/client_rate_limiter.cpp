#include "daemon/server/client_rate_limiter.hpp"

#include <time.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

namespace roja::server {

ClientRateLimiter::ClientRateLimiter(const Settings& settings)
    : per_ms_(static_cast<float>(settings.qps / 1000.0)),
      burst_(static_cast<float>(std::max(1.0, settings.burst))),
      prefix_(settings.ipv4_prefix, settings.ipv6_prefix),
      seed_(std::random_device{}() | std::uint64_t{std::random_device{}()} << 32) {
    const std::size_t lines =
        std::bit_ceil(std::max<std::size_t>(settings.slots, kSlotsPerLine)) / kSlotsPerLine;
    line_mask_ = lines - 1;
    line_shift_ = 64 - static_cast<unsigned>(std::countr_zero(lines));
    lines_ = std::make_unique<Line[]>(lines);
}

std::uint32_t ClientRateLimiter::now_ms() noexcept {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(now.tv_sec) * 1000 +
                                      static_cast<std::uint64_t>(now.tv_nsec) / 1'000'000);
}

// The key's slot in its line; a missing key takes an empty or the stalest slot of the line.
ClientRateLimiter::Slot& ClientRateLimiter::slot_for(std::uint64_t key,
                                                     std::uint32_t stamp) noexcept {
    const std::size_t line =
        line_mask_ == 0 ? 0 : ((key ^ seed_) * 0x9E3779B97F4A7C15ULL) >> line_shift_;
    Slot* slots = lines_[line].slots;
    Slot* stalest = &slots[0];
    for (std::size_t i = 0; i < kSlotsPerLine; ++i) {
        Slot& slot = slots[i];
        if (slot.seen != 0 && slot.key == key) return slot;
        if (stamp - slot.seen > stamp - stalest->seen || slot.seen == 0) stalest = &slot;
        if (slot.seen == 0) break;
    }
    if (stalest->seen != 0) ++evictions_;
    *stalest = Slot{key, stamp, burst_};
    return *stalest;
}

bool ClientRateLimiter::admit(const boost::asio::ip::address& client,
                              std::uint32_t now_ms) noexcept {
    const std::uint32_t stamp = now_ms + 1 == 0 ? 1 : now_ms + 1;
    Slot& slot = slot_for(prefix_.key(client), stamp);
    const float refill = static_cast<float>(stamp - slot.seen) * per_ms_;
    slot.tokens = std::min(burst_, slot.tokens + refill);
    slot.seen = stamp;
    if (slot.tokens < 1.0f) return false;
    slot.tokens -= 1.0f;
    return true;
}

}  // namespace roja::server
