// A minisign signature file as `minisign -S` writes it: four lines (docs/feed.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/feed/minisign_key.hpp"

namespace roja::feed {

inline constexpr std::size_t kMaxMinisignSignatureFile = 16 * 1024;
inline constexpr std::size_t kMaxTrustedComment = 8192;

enum class MinisignAlgorithm {
    legacy,     // "Ed": Ed25519 over the message itself (minisign -S -l)
    prehashed,  // "ED": Ed25519 over BLAKE2b-512 of the message (the default)
};

struct MinisignSignature {
    MinisignAlgorithm algorithm = MinisignAlgorithm::prehashed;
    MinisignKeyId key_id{};
    std::array<std::uint8_t, 64> signature{};
    std::string trusted_comment;                      // the text after "trusted comment: "
    std::array<std::uint8_t, 64> global_signature{};  // over signature || trusted_comment
};

// Errors are FeedError::too_large or FeedError::malformed_signature with the reason.
FeedResult<MinisignSignature> parse_minisign_signature(std::string_view file_text);

}  // namespace roja::feed
