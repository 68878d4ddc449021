#include "daemon/stats/client_log_buffer.hpp"

#include <algorithm>

namespace roja::stats {

std::string_view to_string(ClientAnswer answer) noexcept {
    switch (answer) {
        case ClientAnswer::blocked:
            return "blocked";
        case ClientAnswer::cached:
            return "cached";
        case ClientAnswer::upstream:
            return "upstream";
        case ClientAnswer::stale:
            return "stale";
        case ClientAnswer::safe_search:
            return "safe_search";
        case ClientAnswer::servfail:
            return "servfail";
        case ClientAnswer::url_filter:
            return "url_filter";
        case ClientAnswer::local:
            return "local";
    }
    return "upstream";
}

boost::asio::ip::address ClientRecord::client() const {
    if (is_v4) return boost::asio::ip::address_v4({address[0], address[1], address[2], address[3]});
    return boost::asio::ip::address_v6(address);
}

void ClientLogBuffer::record_at(const ClientQuery& query,
                                const std::shared_ptr<const filter::Policy>& policy,
                                std::chrono::system_clock::time_point at) {
    if (capacity_ == 0) return;  // off: not even a drop to count
    if (batch_.records.size() == capacity_) {
        ++batch_.dropped;
        return;
    }
    // A reload mid-interval adds a policy; usually the last one is the one in force.
    if (batch_.policies.empty() || batch_.policies.back() != policy)
        batch_.policies.push_back(policy);
    ClientRecord& r = batch_.records.emplace_back();
    r.at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    r.is_v4 = query.client.is_v4();
    if (r.is_v4) {
        const auto bytes = query.client.to_v4().to_bytes();
        std::copy(bytes.begin(), bytes.end(), r.address.begin());
    } else {
        r.address = query.client.to_v6().to_bytes();
    }
    r.answer = query.answer;
    r.qtype = query.qtype;
    r.policy = static_cast<std::uint16_t>(batch_.policies.size() - 1);
    r.group = query.group;
    r.verdict = query.verdict;
    r.name_length =
        static_cast<std::uint8_t>(std::min(query.qname.size(), ClientRecord::kNameRoom));
    std::copy_n(query.qname.data(), r.name_length, r.name.data());
}

ClientLogBatch ClientLogBuffer::take(std::size_t next_capacity) {
    ClientLogBatch batch = std::move(batch_);
    batch_ = ClientLogBatch{};
    capacity_ = next_capacity;
    // Reserved, not constructed: the pages are touched only as records are written.
    batch_.records.reserve(capacity_);
    return batch;
}

}  // namespace roja::stats
