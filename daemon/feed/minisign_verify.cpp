#include "daemon/feed/minisign_verify.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "daemon/crypto/blake2b.hpp"
#include "daemon/crypto/openssl_handles.hpp"

namespace roja::feed {
namespace {

FeedProblem rejected(FeedError error, const std::string& key_id, std::string_view why) {
    return filter::feed_problem(error,
                                "minisign signature by key " + key_id + ": " + std::string(why));
}

// The bytes the main signature covers: the message, or its BLAKE2b-512 digest.
bool check_message(const MinisignPublicKey& key, std::span<const std::uint8_t> message,
                   const MinisignSignature& signature) {
    if (signature.algorithm == MinisignAlgorithm::legacy)
        return ed25519_verify(key.key, message, signature.signature);
    const auto digest = crypto::blake2b_512(message);
    return digest && ed25519_verify(key.key, *digest, signature.signature);
}

bool check_trusted_comment(const MinisignPublicKey& key, const MinisignSignature& signature) {
    std::vector<std::uint8_t> covered(signature.signature.begin(), signature.signature.end());
    covered.insert(covered.end(), signature.trusted_comment.begin(),
                   signature.trusted_comment.end());
    return ed25519_verify(key.key, covered, signature.global_signature);
}

}  // namespace

bool ed25519_verify(const std::array<std::uint8_t, 32>& key, std::span<const std::uint8_t> message,
                    const std::array<std::uint8_t, 64>& signature) {
    crypto::PkeyPtr pkey(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
    crypto::MdCtxPtr context(EVP_MD_CTX_new());
    const bool ok =
        pkey && context &&
        EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
        EVP_DigestVerify(context.get(), signature.data(), signature.size(), message.data(),
                         message.size()) == 1;
    if (!ok) ERR_clear_error();
    return ok;
}

FeedResult<MinisignVerified> verify_minisign(std::span<const std::uint8_t> message,
                                             const MinisignSignature& signature,
                                             std::span<const MinisignPublicKey> trusted_keys) {
    const std::string key_id = minisign_key_id_text(signature.key_id);
    const auto key =
        std::find_if(trusted_keys.begin(), trusted_keys.end(),
                     [&](const MinisignPublicKey& k) { return k.key_id == signature.key_id; });
    if (key == trusted_keys.end())
        return rejected(FeedError::unknown_key, key_id, "no trusted key has this id");
    if (!check_message(*key, message, signature))
        return rejected(FeedError::bad_signature, key_id,
                        signature.algorithm == MinisignAlgorithm::legacy
                            ? "the signature does not match the bytes (legacy Ed)"
                            : "the signature does not match the bytes (pre-hashed ED)");
    if (!check_trusted_comment(*key, signature))
        return rejected(FeedError::bad_signature, key_id,
                        "the global signature does not match the trusted comment");
    return MinisignVerified{signature.algorithm, key_id, signature.trusted_comment};
}

}  // namespace roja::feed
