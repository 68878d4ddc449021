// getrandom-backed IDs with an in-flight set keyed by (port << 16 | id).
#include "daemon/upstream/query_id_table.hpp"

#include <sys/random.h>

#include <cerrno>
#include <random>

namespace roja::upstream {
namespace {

constexpr int kMaxDraws = 16;

std::uint32_t pair_key(std::uint16_t port, std::uint16_t id) noexcept {
    return (std::uint32_t{port} << 16) | id;
}

}  // namespace

void QueryIdTable::refill() {
    auto* bytes = reinterpret_cast<unsigned char*>(pool_.data());
    std::size_t filled = 0;
    const std::size_t want = sizeof(pool_);
    while (filled < want) {
        const ssize_t got = getrandom(bytes + filled, want - filled, 0);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        filled += static_cast<std::size_t>(got);
    }
    if (filled < want) {
        // getrandom cannot fail on Linux ≥ 3.17 once the pool is seeded; keep IDs random anyway.
        std::random_device device;
        for (auto& id : pool_) {
            id = static_cast<std::uint16_t>(device());
        }
    }
    next_ = 0;
}

std::uint16_t QueryIdTable::random_id() {
    if (next_ == pool_.size()) {
        refill();
    }
    return pool_[next_++];
}

std::optional<std::uint16_t> QueryIdTable::acquire(std::uint16_t port) {
    for (int i = 0; i < kMaxDraws; ++i) {
        const std::uint16_t id = random_id();
        if (in_flight_.insert(pair_key(port, id)).second) {
            return id;
        }
    }
    return std::nullopt;
}

void QueryIdTable::release(std::uint16_t port, std::uint16_t id) noexcept {
    in_flight_.erase(pair_key(port, id));
}

}  // namespace roja::upstream
