// Checks a detached CMS/PKCS#7 signature (openssl cms -sign -binary, DER or PEM) over the exact
// manifest bytes: chain to the configured CA, optional subject pin, signingTime inside validity.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "daemon/feed/cms_trust.hpp"

namespace roja::feed {

inline constexpr std::size_t kMaxCmsSignature = 1024 * 1024;

struct CmsVerified {
    std::string subject;  // the signer certificate's subject, RFC 2253 ("CN=AKEP Feed,O=AKEP,C=AL")
    std::chrono::sys_seconds signing_time{};
};

// Errors: too_large, malformed_signature, untrusted_signer, bad_signature, signer_mismatch,
// signing_time_invalid (docs/feed.md gives the order of the checks).
filter::FeedResult<CmsVerified> verify_cms(std::span<const std::uint8_t> message,
                                           std::span<const std::uint8_t> signature,
                                           const CmsTrust& trust);

}  // namespace roja::feed
