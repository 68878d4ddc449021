// One worker's blocked-query tallies since the last flush: per entry and group, a count and a
// sketch of distinct clients (keyed hashes, never addresses). Written only by the worker's
// thread; the hit store takes it over by posting take() to that thread (or after the worker
// has stopped), so no lock is ever taken on the query path.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "daemon/stats/hit_table.hpp"
#include "daemon/stats/siphash.hpp"
#include "filter/policy.hpp"

namespace roja::stats {

struct HitBatch {
    std::vector<std::shared_ptr<const filter::Policy>> policies;  // keep the entries' text alive
    HitTable tallies;

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
    void record_enabled(const filter::Verdict& verdict,
                        const std::shared_ptr<const filter::Policy>& policy,
                        const boost::asio::ip::address& client);

    bool is_enabled_ = false;
    SipKey key_{};
    // The last client's hash: a client's queries come in runs (A and AAAA, retries, a page's
    // names), and SipHash costs more than the rest of recording a hit.
    boost::asio::ip::address last_client_;
    std::uint64_t last_client_hash_ = 0;
    bool has_last_client_ = false;
    HitBatch batch_;
};

}  // namespace roja::stats
