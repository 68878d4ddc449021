#include "daemon/crypto/blake2b.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "daemon/crypto/openssl_handles.hpp"

namespace roja::crypto {

namespace {

constexpr std::size_t kBlockBytes = 128;

constexpr std::array<std::uint64_t, 8> kIv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

constexpr std::uint8_t kSigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void mix(std::array<std::uint64_t, 16>& v, int a, int b, int c, int d, std::uint64_t x,
         std::uint64_t y) noexcept {
    v[a] = v[a] + v[b] + x;
    v[d] = std::rotr(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = std::rotr(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = std::rotr(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = std::rotr(v[b] ^ v[c], 63);
}

// F of RFC 7693 section 3.2; `counter` is the byte count so far (messages here are far below 2^64).
void compress(std::array<std::uint64_t, 8>& h, const std::uint8_t* block, std::uint64_t counter,
              bool is_last) noexcept {
    std::array<std::uint64_t, 16> m{};
    for (std::size_t i = 0; i < 16; ++i) m[i] = load_le64(block + 8 * i);
    std::array<std::uint64_t, 16> v{};
    std::copy(h.begin(), h.end(), v.begin());
    std::copy(kIv.begin(), kIv.end(), v.begin() + 8);
    v[12] ^= counter;
    if (is_last) v[14] = ~v[14];
    for (const auto& s : kSigma) {
        mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (std::size_t i = 0; i < 8; ++i) h[i] ^= v[i] ^ v[i + 8];
}

}  // namespace

void blake2b(std::span<const std::uint8_t> message, std::span<std::uint8_t> digest) noexcept {
    const std::size_t length = std::clamp<std::size_t>(digest.size(), 1, 64);
    std::array<std::uint64_t, 8> h = kIv;
    h[0] ^= 0x01010000ULL ^ length;  // depth 1, fanout 1, no key
    std::size_t offset = 0;
    // Every full block but the final one; the final block (maybe partial, maybe empty) is padded.
    while (message.size() - offset > kBlockBytes) {
        offset += kBlockBytes;
        compress(h, message.data() + offset - kBlockBytes, offset, false);
    }
    std::uint8_t last[kBlockBytes] = {};
    if (message.size() > offset)
        std::memcpy(last, message.data() + offset, message.size() - offset);
    compress(h, last, message.size(), true);
    for (std::size_t i = 0; i < length && i < digest.size(); ++i)
        digest[i] = static_cast<std::uint8_t>(h[i / 8] >> (8 * (i % 8)));
}

std::optional<Blake2b512> blake2b_512(std::span<const std::uint8_t> message) {
    const MdPtr md(EVP_MD_fetch(nullptr, "BLAKE2B-512", nullptr));
    Blake2b512 digest{};
    unsigned int length = 0;
    if (!md ||
        EVP_Digest(message.data(), message.size(), digest.data(), &length, md.get(), nullptr) !=
            1 ||
        length != digest.size()) {
        ERR_clear_error();
        return std::nullopt;
    }
    return digest;
}

}  // namespace roja::crypto
