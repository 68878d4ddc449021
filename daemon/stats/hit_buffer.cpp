#include "daemon/stats/hit_buffer.hpp"

namespace roja::stats {

std::uint64_t HitBatch::hits() const noexcept {
    std::uint64_t total = 0;
    for (const auto& [key, tally] : tallies) total += tally.count;
    return total;
}

void HitBatch::merge(HitBatch&& other) {
    for (const auto& [key, tally] : other.tallies) {
        HitKey moved = key;
        moved.policy = static_cast<std::uint32_t>(policies.size() + key.policy);
        HitTally& mine = tallies[moved];
        mine.count += tally.count;
        mine.clients.merge(tally.clients);
    }
    for (auto& policy : other.policies) policies.push_back(std::move(policy));
    other.tallies = HitTable{};
    other.policies.clear();
}

void HitBuffer::record_enabled(const filter::Verdict& verdict,
                               const std::shared_ptr<const filter::Policy>& policy,
                               const boost::asio::ip::address& client) {
    // A reload mid-interval adds a policy; usually the last one is the one in force.
    if (batch_.policies.empty() || batch_.policies.back() != policy)
        batch_.policies.push_back(policy);
    const HitKey key{.policy = static_cast<std::uint32_t>(batch_.policies.size() - 1),
                     .record = verdict.record,
                     .list = verdict.list,
                     .group = verdict.group};
    HitTally& tally = batch_.tallies[key];
    ++tally.count;
    if (!has_last_client_ || client != last_client_) {
        if (client.is_v4()) {
            last_client_hash_ = siphash24(key_, client.to_v4().to_bytes());
        } else {
            last_client_hash_ = siphash24(key_, client.to_v6().to_bytes());
        }
        last_client_ = client;
        has_last_client_ = true;
    }
    tally.clients.add(last_client_hash_);
}

HitBatch HitBuffer::take(const SipKey& next_key) {
    HitBatch batch = std::move(batch_);
    batch_ = HitBatch{};
    batch_.tallies = HitTable(batch.tallies.size());
    key_ = next_key;
    has_last_client_ = false;  // its hash was made with the old key
    is_enabled_ = true;
    return batch;
}

}  // namespace roja::stats
