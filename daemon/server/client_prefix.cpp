#include "daemon/server/client_prefix.hpp"

namespace roja::server {

namespace {

constexpr std::uint64_t kIpv4Tag = 0xFFFFULL << 32;

// The top `bits` of a 64-bit word set.
std::uint64_t top_bits(unsigned bits) noexcept {
    if (bits == 0) return 0;
    if (bits >= 64) return ~std::uint64_t{0};
    return ~std::uint64_t{0} << (64 - bits);
}

std::uint64_t load_be64(const std::uint8_t* p) noexcept {
    std::uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | p[i];
    return value;
}

std::uint64_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

ClientPrefix::ClientPrefix(unsigned ipv4_prefix, unsigned ipv6_prefix) noexcept
    : v4_mask_(top_bits(ipv4_prefix + 32) | kIpv4Tag),
      v6_high_mask_(top_bits(ipv6_prefix)),
      v6_low_mask_(top_bits(ipv6_prefix > 64 ? ipv6_prefix - 64 : 0)) {}

std::uint64_t ClientPrefix::key(const boost::asio::ip::address& client) const noexcept {
    if (client.is_v4()) return (kIpv4Tag | client.to_v4().to_uint()) & v4_mask_;
    const auto bytes = client.to_v6().to_bytes();
    const std::uint64_t high = load_be64(bytes.data()) & v6_high_mask_;
    if (v6_low_mask_ == 0) return high;
    return high ^ mix(load_be64(bytes.data() + 8) & v6_low_mask_);
}

}  // namespace roja::server
