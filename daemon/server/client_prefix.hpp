// A client's address reduced to its prefix (/32 and /56 by default) as one 64-bit key: what the
// rate limit's buckets and the per-client cap on upstream queries count by.
#pragma once

#include <cstdint>

#include <boost/asio/ip/address.hpp>

namespace roja::server {

class ClientPrefix {
  public:
    ClientPrefix(unsigned ipv4_prefix, unsigned ipv6_prefix) noexcept;

    // Exact for IPv4 and for IPv6 prefixes up to /64 (the usual /48../64); a hash of both
    // halves for longer ones. IPv4 keys sit in reserved IPv6 space (0:ffff::/32): no clash.
    std::uint64_t key(const boost::asio::ip::address& client) const noexcept;

  private:
    std::uint64_t v4_mask_ = 0, v6_high_mask_ = 0, v6_low_mask_ = 0;
};

}  // namespace roja::server
