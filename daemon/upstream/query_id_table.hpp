// Query IDs for one pool: drawn from the kernel CSPRNG and tracked per local port, so that no
// (port, ID) pair is ever in flight twice (RFC 5452 §9.2). The port itself comes from the kernel.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_set>

namespace roja::upstream {

class QueryIdTable {
  public:
    // A fresh, unpredictable 16-bit ID. IDs are read from getrandom(2) in blocks of 256 (one
    // syscall per 256 queries), not from a seeded PRNG whose state an observer could recover.
    std::uint16_t random_id();

    // A random ID not in flight on `port`, now marked in flight; none after a few draws (the
    // port is saturated: the caller gives up this try rather than reuse a pair).
    std::optional<std::uint16_t> acquire(std::uint16_t port);
    void release(std::uint16_t port, std::uint16_t id) noexcept;

    std::size_t in_flight() const noexcept { return in_flight_.size(); }

  private:
    void refill();

    std::array<std::uint16_t, 256> pool_{};
    std::size_t next_ = pool_.size();
    std::unordered_set<std::uint32_t> in_flight_;
};

// Releases a pair when the try ends, whichever way it ends.
class IdLease {
  public:
    IdLease(QueryIdTable& table, std::uint16_t port, std::uint16_t id) noexcept
        : table_(table), port_(port), id_(id) {}
    ~IdLease() { table_.release(port_, id_); }
    IdLease(const IdLease&) = delete;
    IdLease& operator=(const IdLease&) = delete;

  private:
    QueryIdTable& table_;
    std::uint16_t port_;
    std::uint16_t id_;
};

}  // namespace roja::upstream
