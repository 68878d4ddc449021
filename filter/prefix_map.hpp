// Longest-prefix match over IPv4 and IPv6 prefixes → a 32-bit value (a group, an ACL verdict,
// a row of the ip entry table). Immutable once built; a lookup allocates nothing.
//
// Layout: entries sorted by (length descending, prefix); one band per distinct length. A lookup
// masks the address once per band and binary-searches it: O(lengths × log n), and real tables
// use few distinct lengths.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "filter/ip_prefix.hpp"

namespace roja::filter {

class PrefixMap {
  public:
    PrefixMap() = default;

    // Calls visit(std::uint32_t value, std::uint8_t length) for every prefix containing the
    // address, longest first (insertion order within one prefix); `visit` returns false to stop.
    template <class Visit>
    void for_each_match(const boost::asio::ip::address& address, Visit&& visit) const;

    // The value of the longest prefix containing `address` (the first added, on a tie).
    std::optional<std::uint32_t> longest_match(
        const boost::asio::ip::address& address) const noexcept;

    std::size_t size() const noexcept { return entries_.size(); }
    // The i-th stored prefix and its value (0 <= i < size()), longest prefixes first and equal
    // prefixes side by side. For exporters (RPZ zones), not the query path.
    IpPrefix prefix_at(std::size_t i) const noexcept {
        std::uint8_t length = 0;
        for (const Band& band : bands_)
            if (i >= band.begin && i < band.end) length = band.length;
        return IpPrefix{entries_[i].bits, length};
    }
    std::uint32_t value_at(std::size_t i) const noexcept { return entries_[i].value; }
    bool empty() const noexcept { return entries_.empty(); }
    std::size_t memory_bytes() const noexcept;

  private:
    friend class PrefixMapBuilder;

    struct Entry {
        Address128 bits;
        std::uint32_t value = 0;
    };
    struct Band {
        std::uint8_t length;
        std::uint32_t begin, end;  // range in entries_
    };
    std::vector<Entry> entries_;
    std::vector<Band> bands_;  // longest first
};

class PrefixMapBuilder {
  public:
    void add(const IpPrefix& prefix, std::uint32_t value);
    std::size_t size() const noexcept { return pending_.size(); }
    PrefixMap build() &&;

  private:
    struct Pending {
        IpPrefix prefix;
        std::uint32_t value = 0;
    };
    std::vector<Pending> pending_;
};

template <class Visit>
void PrefixMap::for_each_match(const boost::asio::ip::address& address, Visit&& visit) const {
    if (entries_.empty()) return;
    const Address128 full = to_address128(address);
    for (const Band& band : bands_) {
        const Address128 key = mask(full, band.length);
        auto first = entries_.begin() + band.begin;
        const auto last = entries_.begin() + band.end;
        first = std::lower_bound(first, last, key,
                                 [](const Entry& e, const Address128& k) { return e.bits < k; });
        for (; first != last && first->bits == key; ++first)
            if (!visit(first->value, band.length)) return;
    }
}

}  // namespace roja::filter
