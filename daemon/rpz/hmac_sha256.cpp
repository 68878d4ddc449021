#include "daemon/rpz/hmac_sha256.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>

namespace roja::rpz {

namespace {

// Fetched once: the provider lookup is the costly part, the MAC itself is cheap.
EVP_MAC* hmac_algorithm() {
    static EVP_MAC* const kHmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return kHmac;
}

}  // namespace

HmacSha256::HmacSha256(std::span<const std::uint8_t> key)
    : context_(hmac_algorithm() ? EVP_MAC_CTX_new(hmac_algorithm()) : nullptr) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    // A context that cannot start yields an all-zero MAC: every check against it fails.
    if (context_ && EVP_MAC_init(context_.get(), key.data(), key.size(), params) != 1)
        context_.reset();
}

void HmacSha256::update(std::span<const std::uint8_t> bytes) noexcept {
    if (context_) EVP_MAC_update(context_.get(), bytes.data(), bytes.size());
}

HmacSha256::Mac HmacSha256::finish() noexcept {
    Mac mac{};
    std::size_t length = 0;
    if (context_) EVP_MAC_final(context_.get(), mac.data(), &length, mac.size());
    return mac;
}

bool mac_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace roja::rpz
