#include "filter/prefix_map.hpp"

namespace roja::filter {

std::optional<std::uint32_t> PrefixMap::longest_match(
    const boost::asio::ip::address& address) const noexcept {
    std::optional<std::uint32_t> found;
    for_each_match(address, [&](std::uint32_t value, std::uint8_t) {
        found = value;
        return false;
    });
    return found;
}

std::size_t PrefixMap::memory_bytes() const noexcept {
    return entries_.capacity() * sizeof(Entry) + bands_.capacity() * sizeof(Band) + sizeof(*this);
}

void PrefixMapBuilder::add(const IpPrefix& prefix, std::uint32_t value) {
    pending_.push_back({{mask(prefix.bits, prefix.length), prefix.length}, value});
}

PrefixMap PrefixMapBuilder::build() && {
    // Stable: within one prefix, values keep their insertion order.
    std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
        if (a.prefix.length != b.prefix.length) return a.prefix.length > b.prefix.length;
        return a.prefix.bits < b.prefix.bits;
    });
    PrefixMap map;
    map.entries_.reserve(pending_.size());
    for (const Pending& p : pending_) {
        const auto index = static_cast<std::uint32_t>(map.entries_.size());
        if (map.bands_.empty() || map.bands_.back().length != p.prefix.length)
            map.bands_.push_back({p.prefix.length, index, index});
        map.entries_.push_back({p.prefix.bits, p.value});
        map.bands_.back().end = index + 1;
    }
    pending_ = {};
    return map;
}

}  // namespace roja::filter
