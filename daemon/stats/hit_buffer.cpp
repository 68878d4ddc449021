#include "daemon/stats/hit_buffer.hpp"

namespace roja::stats {

std::uint64_t HitBatch::hits() const noexcept {
    std::uint64_t total = 0;
    for (const auto& [key, tally] : tallies) total += tally.count;
    return total;
}

void HitBatch::merge(HitBatch&& other) {
    for (auto& [key, tally] : other.tallies) {
        HitKey moved = key;
        moved.policy = static_cast<std::uint32_t>(policies.size() + key.policy);
        HitTally& mine = tallies[moved];
        mine.count += tally.count;
        mine.clients.merge(tally.clients);
    }
    for (auto& policy : other.policies) policies.push_back(std::move(policy));
    other.tallies.clear();
    other.policies.clear();
}

void HitBuffer::record_enabled(const filter::Verdict& verdict, const std::shared_ptr<const filter::Policy>& policy,
                               const boost::asio::ip::address& client) {
    // A reload mid-interval adds a policy; usually the last one is the one in force.
    if (batch_.policies.empty() || batch_.policies.back() != policy) batch_.policies.push_back(policy);
    const HitKey key{static_cast<std::uint32_t>(batch_.policies.size() - 1), verdict.list, verdict.record, verdict.group};
    HitTally& tally = batch_.tallies[key];
    ++tally.count;
    if (client.is_v4()) {
        const auto bytes = client.to_v4().to_bytes();
        tally.clients.add(siphash24(key_, bytes));
    } else {
        const auto bytes = client.to_v6().to_bytes();
        tally.clients.add(siphash24(key_, bytes));
    }
}

HitBatch HitBuffer::take(const SipKey& next_key) {
    HitBatch batch = std::move(batch_);
    batch_ = HitBatch{};
    key_ = next_key;
    is_enabled_ = true;
    return batch;
}

}  // namespace roja::stats
