// Standard base64 (RFC 4648, with padding), as minisign writes keys and signatures.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roja::crypto {

std::string encode_base64(std::span<const std::uint8_t> bytes);

// Strict: only the 64 symbols, '=' padding at the end, length a multiple of 4, no whitespace.
// nullopt for anything else, so a damaged key or signature line is never half-read.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

}  // namespace roja::crypto
