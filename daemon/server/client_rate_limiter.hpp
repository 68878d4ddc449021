// The per-client rate limit (rate_limit): a token bucket per client prefix (/32 and /56 by
// default), one table per worker, used from that worker's thread only: no locks.
//
// Memory is fixed at construction: `slots` entries of 16 bytes (64K slots = 1 MiB per worker),
// four to a 64-byte cache line. A prefix lives in the one line its hash picks; a new prefix
// takes the line's empty or least recently seen slot. A flood of fresh prefixes can therefore
// only evict other clients, which then start again with a full bucket: eviction never blocks a
// client under its limit. A client under its limit costs one multiply, one cache line and a
// coarse clock read (CLOCK_MONOTONIC_COARSE, a few ns).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <boost/asio/ip/address.hpp>

#include "daemon/server/client_prefix.hpp"

namespace roja::server {

class ClientRateLimiter {
  public:
    struct Settings {
        double qps = 0;    // this worker's share
        double burst = 1;  // at least 1
        unsigned ipv4_prefix = 32;
        unsigned ipv6_prefix = 56;
        std::size_t slots = 65536;  // rounded up to a power of two, at least 4
    };

    explicit ClientRateLimiter(const Settings& settings);

    // Takes a token from the client's bucket; false when it is empty (over the limit).
    bool admit(const boost::asio::ip::address& client, std::uint32_t now_ms) noexcept;
    // A coarse monotonic clock in milliseconds (wraps after 49 days; only differences count).
    static std::uint32_t now_ms() noexcept;

    std::size_t slots() const noexcept { return (line_mask_ + 1) * kSlotsPerLine; }
    std::uint64_t evictions() const noexcept { return evictions_; }

  private:
    static constexpr std::size_t kSlotsPerLine = 4;
    struct Slot {
        std::uint64_t key = 0;   // the prefix itself (IPv4, IPv6 up to /64) or a hash of it
        std::uint32_t seen = 0;  // now_ms + 1 of the last query; 0 = empty
        float tokens = 0;
    };
    struct alignas(64) Line {
        Slot slots[kSlotsPerLine];
    };
    Slot& slot_for(std::uint64_t key, std::uint32_t stamp) noexcept;

    std::unique_ptr<Line[]> lines_;
    std::size_t line_mask_ = 0;
    unsigned line_shift_ = 0;  // 64 - log2(lines): the hash's top bits pick the line
    float per_ms_ = 0;
    float burst_ = 1;
    ClientPrefix prefix_;
    std::uint64_t seed_ = 0;
    std::uint64_t evictions_ = 0;
};

}  // namespace roja::server
