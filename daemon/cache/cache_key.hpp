// What a cached answer is filed under: the question plus the two header bits that change the
// answer (DO: DNSSEC records wanted; CD: validation off). Hashing reads the view, never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace roja::cache {

// Canonical text names are at most 255 octets, each odd octet spelled as four ("\DDD").
inline constexpr std::size_t kMaxCacheName = 1024;

struct CacheKey {
    std::string_view qname;  // canonical spelling (filter/domain_name.hpp): the caller lower-cases
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 1;
    bool dnssec_ok = false;
    bool checking_disabled = false;
};

// The small fields folded into one word, so comparing and hashing them is one operation.
inline std::uint64_t key_fields(const CacheKey& key) noexcept {
    return (std::uint64_t{key.qtype} << 32) | (std::uint64_t{key.qclass} << 16) |
           (std::uint64_t{key.dnssec_ok} << 1) | std::uint64_t{key.checking_disabled};
}

inline std::uint64_t hash_key(const CacheKey& key) noexcept {
    std::uint64_t h =
        std::hash<std::string_view>{}(key.qname) ^ (key_fields(key) * 0x9e3779b97f4a7c15ULL);
    // splitmix64 finaliser: the index masks low bits, so every input bit must reach them.
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

}  // namespace roja::cache
