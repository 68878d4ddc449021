// Checks a minisign signature over the exact manifest bytes with OpenSSL (Ed25519, BLAKE2b-512).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "daemon/feed/minisign_signature.hpp"

namespace roja::feed {

struct MinisignVerified {
    MinisignAlgorithm algorithm;
    std::string key_id;           // minisign_key_id_text()
    std::string trusted_comment;  // verified by the global signature
};

// Picks the trusted key by the signature's key id (FeedError::unknown_key when none), then checks
// the signature over `message` and the global signature over the trusted comment
// (FeedError::bad_signature when either fails).
FeedResult<MinisignVerified> verify_minisign(std::span<const std::uint8_t> message,
                                             const MinisignSignature& signature,
                                             std::span<const MinisignPublicKey> trusted_keys);

// Ed25519 signature check of `message` under a raw 32-byte public key.
bool ed25519_verify(const std::array<std::uint8_t, 32>& key, std::span<const std::uint8_t> message,
                    const std::array<std::uint8_t, 64>& signature);

}  // namespace roja::feed
