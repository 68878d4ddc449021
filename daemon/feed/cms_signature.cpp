#include "daemon/feed/cms_signature.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <algorithm>
#include <ctime>
#include <string_view>

namespace roja::feed {
namespace {

using filter::FeedError;
using filter::FeedProblem;
using filter::FeedResult;

FeedProblem rejected(FeedError error, std::string_view why) {
    return filter::feed_problem(error, "CMS signature: " + std::string(why));
}

bool is_pem(std::span<const std::uint8_t> bytes) {
    constexpr std::string_view kBegin = "-----BEGIN";
    return bytes.size() >= kBegin.size() && std::equal(kBegin.begin(), kBegin.end(), bytes.begin());
}

FeedResult<crypto::CmsPtr> read_cms(std::span<const std::uint8_t> signature) {
    if (signature.size() > kMaxCmsSignature)
        return rejected(FeedError::too_large, "expected at most 1 MiB");
    crypto::BioPtr bio = crypto::memory_bio(signature);
    crypto::CmsPtr cms(!bio                ? nullptr
                       : is_pem(signature) ? PEM_read_bio_CMS(bio.get(), nullptr, nullptr, nullptr)
                                           : d2i_CMS_bio(bio.get(), nullptr));
    if (!cms)
        return rejected(FeedError::malformed_signature, "does not parse as DER or PEM CMS: " +
                                                            crypto::take_openssl_error("no CMS"));
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return rejected(FeedError::malformed_signature, "expected SignedData");
    if (CMS_is_detached(cms.get()) != 1)
        return rejected(FeedError::malformed_signature, "expected a detached signature");
    if (sk_CMS_SignerInfo_num(CMS_get0_SignerInfos(cms.get())) != 1)
        return rejected(FeedError::malformed_signature, "expected exactly one signer");
    return cms;
}

// CMS_verify checks the chain first, then the signature; its error tells which one failed.
FeedProblem classify_verify_failure() {
    const unsigned long first = ERR_peek_error();
    const bool chain = ERR_GET_LIB(first) == ERR_LIB_CMS &&
                       (ERR_GET_REASON(first) == CMS_R_CERTIFICATE_VERIFY_ERROR ||
                        ERR_GET_REASON(first) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND);
    const std::string why = crypto::take_openssl_error("verification failed");
    if (chain) return rejected(FeedError::untrusted_signer, "signer not trusted: " + why);
    return rejected(FeedError::bad_signature, "does not match the bytes: " + why);
}

std::string subject_of(X509* cert) {
    crypto::BioPtr out(BIO_new(BIO_s_mem()));
    constexpr unsigned long kFlags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;  // keep UTF-8
    if (!out || X509_NAME_print_ex(out.get(), X509_get_subject_name(cert), 0, kFlags) < 0)
        return {};
    char* data = nullptr;
    const long size = BIO_ctrl(out.get(), BIO_CTRL_INFO, 0, static_cast<void*>(&data));
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string{};
}

std::optional<std::time_t> signing_time_of(CMS_ContentInfo* cms) {
    CMS_SignerInfo* signer = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);
    const int index = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
    if (index < 0) return std::nullopt;
    const ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(signer, index), 0);
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
        return std::nullopt;
    std::tm parts{};
    if (ASN1_TIME_to_tm(value->value.utctime, &parts) != 1) return std::nullopt;
    return timegm(&parts);
}

// notBefore <= signing time < notAfter.
FeedResult<std::chrono::sys_seconds> check_signing_time(CMS_ContentInfo* cms, X509* cert) {
    auto when = signing_time_of(cms);
    if (!when) return rejected(FeedError::signing_time_invalid, "expected a signingTime attribute");
    if (X509_cmp_time(X509_get0_notBefore(cert), &*when) != -1 ||
        X509_cmp_time(X509_get0_notAfter(cert), &*when) != 1)
        return rejected(FeedError::signing_time_invalid,
                        "signingTime is outside the signer certificate's validity");
    return std::chrono::sys_seconds{std::chrono::seconds{*when}};
}

// After CMS_verify: the one signer certificate it used.
crypto::X509Ptr signer_certificate(CMS_ContentInfo* cms) {
    STACK_OF(X509)* signers = CMS_get0_signers(cms);
    crypto::X509Ptr cert;
    if (signers && sk_X509_num(signers) == 1) {
        X509* only = sk_X509_value(signers, 0);
        if (X509_up_ref(only) == 1) cert.reset(only);
    }
    sk_X509_free(signers);
    return cert;
}

}  // namespace

FeedResult<CmsVerified> verify_cms(std::span<const std::uint8_t> message,
                                   std::span<const std::uint8_t> signature, const CmsTrust& trust) {
    ERR_clear_error();
    auto cms = read_cms(signature);
    if (!cms) return cms.error();
    crypto::BioPtr content = crypto::memory_bio(message);
    if (!content || !trust.store)
        return rejected(FeedError::bad_signature, "cannot read the bytes");
    if (CMS_verify(cms->get(), nullptr, trust.store.get(), content.get(), nullptr, CMS_BINARY) != 1)
        return classify_verify_failure();
    crypto::X509Ptr cert = signer_certificate(cms->get());
    if (!cert) return rejected(FeedError::untrusted_signer, "no signer certificate");
    CmsVerified verified{subject_of(cert.get()), {}};
    if (!trust.subject_pin.empty() && verified.subject != trust.subject_pin)
        return rejected(
            FeedError::signer_mismatch,
            "signer \"" + verified.subject + "\" is not the pinned \"" + trust.subject_pin + "\"");
    auto when = check_signing_time(cms->get(), cert.get());
    if (!when) return when.error();
    verified.signing_time = *when;
    ERR_clear_error();
    return verified;
}

}  // namespace roja::feed
