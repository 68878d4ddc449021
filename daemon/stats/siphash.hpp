// SipHash-2-4 (Aumasson and Bernstein): a keyed 64-bit hash. Client addresses are hashed with a
// key that lives one day in memory only, so the distinct-client sketches can never be turned
// back into addresses, nor linked across days.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace roja::stats {

using SipKey = std::array<std::uint8_t, 16>;

std::uint64_t siphash24(const SipKey& key, std::span<const std::uint8_t> data) noexcept;

// A fresh random key (OpenSSL's RAND_bytes).
SipKey random_sip_key();

}  // namespace roja::stats
