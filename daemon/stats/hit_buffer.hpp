// One worker's blocked-query tallies since the last flush: per entry and group, a count and a
// sketch of distinct clients (keyed hashes, never addresses). Written only by the worker's
// thread; the hit store takes it over by posting take() to that thread (or after the worker
// has stopped), so no lock is ever taken on the query path.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "daemon/stats/client_sketch.hpp"
#include "daemon/stats/siphash.hpp"
#include "filter/policy.hpp"

namespace roja::stats {

struct HitKey {
    std::uint32_t policy = 0;  // position in HitBatch::policies
    filter::ListIndex list = 0;
    filter::RecordIndex record = 0;
    filter::GroupIndex group = 0;
    friend bool operator==(const HitKey&, const HitKey&) = default;
};

struct HitKeyHash {
    std::size_t operator()(const HitKey& key) const noexcept {
        std::uint64_t h = key.record;
        h = h * 0x9E3779B97F4A7C15ULL ^ (std::uint64_t{key.list} << 32 | std::uint64_t{key.group} << 16 | key.policy);
        return static_cast<std::size_t>(h * 0xBF58476D1CE4E5B9ULL >> 17);
    }
};

struct HitTally {
    std::uint64_t count = 0;
    ClientSketch clients;
};

struct HitBatch {
    std::vector<std::shared_ptr<const filter::Policy>> policies;  // keep the entries' text alive
    std::unordered_map<HitKey, HitTally, HitKeyHash> tallies;

    bool empty() const noexcept { return tallies.empty(); }
    std::uint64_t hits() const noexcept;
    void merge(HitBatch&& other);
};

class HitBuffer {
  public:
    // Nothing is recorded until the hit store's first take(): without a store, nothing piles up.
    void record(const filter::Verdict& verdict, const std::shared_ptr<const filter::Policy>& policy,
                const boost::asio::ip::address& client) {
        if (!is_enabled_) return;
        record_enabled(verdict, policy, client);
    }

    // Hands over what was recorded; what comes next is hashed with `next_key` (all workers get
    // the same key, so their sketches merge).
    HitBatch take(const SipKey& next_key);

  private:
    void record_enabled(const filter::Verdict& verdict, const std::shared_ptr<const filter::Policy>& policy,
                        const boost::asio::ip::address& client);

    bool is_enabled_ = false;
    SipKey key_{};
    HitBatch batch_;
};

}  // namespace roja::stats
