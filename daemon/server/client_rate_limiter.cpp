#include "daemon/server/client_rate_limiter.hpp"

#include <time.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

namespace roja::server {

namespace {

// The top `bits` of a 64-bit word set.
std::uint64_t top_bits(unsigned bits) noexcept {
    if (bits == 0) return 0;
    if (bits >= 64) return ~std::uint64_t{0};
    return ~std::uint64_t{0} << (64 - bits);
}

std::uint64_t load_be64(const std::uint8_t* p) noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | p[i];
    return value;
}

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t kIpv4Tag = 0xFFFFULL << 32;  // 0:ffff:a.b.c.d, reserved IPv6 space

}  // namespace

ClientRateLimiter::ClientRateLimiter(const Settings& settings)
    : per_ms_(static_cast<float>(settings.qps / 1000.0)),
      burst_(static_cast<float>(std::max(1.0, settings.burst))),
      v4_mask_(top_bits(settings.ipv4_prefix + 32) | kIpv4Tag),
      v6_high_mask_(top_bits(settings.ipv6_prefix)),
      v6_low_mask_(top_bits(settings.ipv6_prefix > 64 ? settings.ipv6_prefix - 64 : 0)),
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

// The prefix as 64 bits: exact for IPv4 and for IPv6 prefixes up to /64 (the usual /48../64),
// a hash of both halves for longer ones.
std::uint64_t ClientRateLimiter::key_of(const boost::asio::ip::address& client) const noexcept {
    if (client.is_v4()) return (kIpv4Tag | client.to_v4().to_uint()) & v4_mask_;
    const auto bytes = client.to_v6().to_bytes();
    const std::uint64_t high = load_be64(bytes.data()) & v6_high_mask_;
    if (v6_low_mask_ == 0) return high;
    return high ^ mix(load_be64(bytes.data() + 8) & v6_low_mask_);
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
    Slot& slot = slot_for(key_of(client), stamp);
    const float refill = static_cast<float>(stamp - slot.seen) * per_ms_;
    slot.tokens = std::min(burst_, slot.tokens + refill);
    slot.seen = stamp;
    if (slot.tokens < 1.0f) return false;
    slot.tokens -= 1.0f;
    return true;
}

}  // namespace roja::server
