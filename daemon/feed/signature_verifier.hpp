// The one entry point for feed signatures: checks the detached signatures over the exact manifest
// bytes, before anything is parsed, against the configured trust (docs/feed.md "Signatures").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "daemon/feed/cms_trust.hpp"
#include "daemon/feed/minisign_key.hpp"

namespace roja::feed {

// Contents of manifest.json.minisig and manifest.json.p7s, when the feed has them.
struct SignatureFiles {
    std::optional<std::string> minisig;
    std::optional<std::string> p7s;
};

struct TrustConfig {
    std::vector<MinisignPublicKey> minisign_keys;  // any of them may sign (key rotation)
    std::optional<CmsTrust> cms;                   // the CA bundle (and subject pin)
};

enum class SignatureScheme { minisign_legacy, minisign_prehashed, cms };

// "minisign-legacy", "minisign-prehashed", "cms": for logs, metrics and audit records.
std::string_view signature_scheme_name(SignatureScheme scheme) noexcept;

struct VerifiedSignature {
    SignatureScheme scheme = SignatureScheme::cms;
    std::string signer;           // minisign key id (16 hex digits) or certificate subject
    std::string trusted_comment;  // minisign only
    std::optional<std::chrono::sys_seconds> signing_time;  // CMS only
};

// A signature is checked when its file is present and its kind of trust is configured; at least
// one must be (else missing_signature) and every checked one must verify. Returns them, minisign
// first; the error is the first failure.
filter::FeedResult<std::vector<VerifiedSignature>> verify_manifest_signature(
    std::span<const std::uint8_t> manifest, const SignatureFiles& files, const TrustConfig& trust);

}  // namespace roja::feed
