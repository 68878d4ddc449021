// Unkeyed BLAKE2b (RFC 7693) with any digest length from 1 to 64 bytes. OpenSSL 3.0 (Debian 12)
// only offers the 64-byte digest, and a minisign secret key's checksum is BLAKE2b-256, which is
// not a truncation of BLAKE2b-512 (the length is part of the parameter block).
#pragma once

#include <cstdint>
#include <span>

namespace roja::feed {

// Writes BLAKE2b(message) with digest length digest.size() (1..64) into `digest`.
void blake2b(std::span<const std::uint8_t> message, std::span<std::uint8_t> digest) noexcept;

}  // namespace roja::feed
