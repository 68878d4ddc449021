#include "daemon/feed/signature_verifier.hpp"

#include "daemon/feed/cms_signature.hpp"
#include "daemon/feed/minisign_verify.hpp"
#include "filter/feed_manifest.hpp"

namespace roja::feed {
namespace {

using filter::FeedError;
using filter::FeedResult;

std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

FeedResult<VerifiedSignature> check_minisign(std::span<const std::uint8_t> manifest,
                                             const std::string& file,
                                             const std::vector<MinisignPublicKey>& keys) {
    auto signature = parse_minisign_signature(file);
    if (!signature) return signature.error();
    auto verified = verify_minisign(manifest, *signature, keys);
    if (!verified) return verified.error();
    const auto scheme = verified->algorithm == MinisignAlgorithm::legacy
                            ? SignatureScheme::minisign_legacy
                            : SignatureScheme::minisign_prehashed;
    return VerifiedSignature{scheme, verified->key_id, verified->trusted_comment, std::nullopt};
}

FeedResult<VerifiedSignature> check_cms(std::span<const std::uint8_t> manifest,
                                        const std::string& file, const CmsTrust& trust) {
    auto verified = verify_cms(manifest, bytes_of(file), trust);
    if (!verified) return verified.error();
    return VerifiedSignature{SignatureScheme::cms, verified->subject, {}, verified->signing_time};
}

}  // namespace

std::string_view signature_scheme_name(SignatureScheme scheme) noexcept {
    switch (scheme) {
        case SignatureScheme::minisign_legacy:
            return "minisign-legacy";
        case SignatureScheme::minisign_prehashed:
            return "minisign-prehashed";
        case SignatureScheme::cms:
            return "cms";
    }
    return "unknown";
}

FeedResult<std::vector<VerifiedSignature>> verify_manifest_signature(
    std::span<const std::uint8_t> manifest, const SignatureFiles& files, const TrustConfig& trust) {
    if (manifest.size() > filter::kMaxManifestBytes)
        return filter::feed_problem(FeedError::too_large, "manifest: expected at most 4 MiB");
    const bool check_minisig = files.minisig && !trust.minisign_keys.empty();
    const bool check_p7s = files.p7s && trust.cms;
    if (!check_minisig && !check_p7s)
        return filter::feed_problem(
            FeedError::missing_signature,
            "no signature to check: expected manifest.json.minisig with minisign keys "
            "configured or manifest.json.p7s with a CA bundle configured");
    std::vector<VerifiedSignature> verified;
    if (check_minisig) {
        auto one = check_minisign(manifest, *files.minisig, trust.minisign_keys);
        if (!one) return one.error();
        verified.push_back(std::move(*one));
    }
    if (check_p7s) {
        auto one = check_cms(manifest, *files.p7s, *trust.cms);
        if (!one) return one.error();
        verified.push_back(std::move(*one));
    }
    return verified;
}

}  // namespace roja::feed
