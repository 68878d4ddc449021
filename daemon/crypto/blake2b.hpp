// BLAKE2b (RFC 7693), unkeyed: the one place Roja computes it. BLAKE2b-512 comes from OpenSSL's
// EVP. Other lengths are computed here: OpenSSL 3.0 (Debian 12) ignores the digest-size parameter
// (honoured from 3.2 on) and its BLAKE2BMAC refuses an empty key, while a minisign secret key's
// checksum is BLAKE2b-256, which is not a truncation of BLAKE2b-512 (the length is part of the
// parameter block).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace roja::crypto {

using Blake2b512 = std::array<std::uint8_t, 64>;

// BLAKE2b-512 through OpenSSL's EVP; nullopt when OpenSSL fails (its error queue is cleared).
std::optional<Blake2b512> blake2b_512(std::span<const std::uint8_t> message);

// Writes BLAKE2b(message) with digest length digest.size() (1..64) into `digest`.
void blake2b(std::span<const std::uint8_t> message, std::span<std::uint8_t> digest) noexcept;

}  // namespace roja::crypto
