// The text layer of minisign files, shared by the verifier and the publisher: sizes, key ids,
// comment lines and line splitting (LF or CRLF). Base64 is daemon/crypto/base64.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roja::feed {

inline constexpr std::size_t kMinisignKeyIdBytes = 8;
inline constexpr std::size_t kMinisignPublicKeyBytes = 2 + 8 + 32;  // "Ed" key id pk
inline constexpr std::size_t kMinisignSecretKeyBytes = 158;         // see minisign_writer.cpp
inline constexpr std::size_t kMinisignSignatureBytes = 2 + 8 + 64;  // "ED"|"Ed" key id sig
// What minisign's readers leave room for (fgets buffers of 1024 and 8192 with the prefixes).
inline constexpr std::size_t kMaxUntrustedCommentBytes = 1000;
inline constexpr std::size_t kMaxTrustedCommentBytes = 8173;

using MinisignKeyId = std::array<std::uint8_t, kMinisignKeyIdBytes>;

// As minisign prints it: the key id read as a little-endian integer, 16 upper-case hex digits.
std::string minisign_key_id_text(const MinisignKeyId& key_id);

// True when `comment` fits on one comment line of a minisign file (no CR, LF or NUL, not too long).
bool is_minisign_comment(std::string_view comment, std::size_t max_bytes) noexcept;

// Splits into lines on "\n" (a "\r" before it is dropped). A final newline does not start
// another line. Returns nothing when there are more than `max_lines` lines.
std::optional<std::vector<std::string_view>> split_lines(std::string_view text,
                                                         std::size_t max_lines);

}  // namespace roja::feed
