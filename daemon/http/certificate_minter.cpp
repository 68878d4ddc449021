#include "daemon/http/certificate_minter.hpp"

#include <openssl/bn.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace roja::http {

namespace {

using BnPtr = std::unique_ptr<BIGNUM, crypto::OpenSslFree<BN_free>>;

crypto::BioPtr open_file(const std::string& path) {
    crypto::BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio) throw std::runtime_error(path + ": cannot be read");
    return bio;
}

crypto::PkeyPtr new_p256_key() {
    crypto::PkeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        throw std::runtime_error("cannot make a P-256 key: " +
                                 crypto::take_openssl_error("EVP_EC_gen"));
    return key;
}

bool add_extension(X509* certificate, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str());
    if (!extension) return false;
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool set_random_serial(X509* certificate) {
    BnPtr serial(BN_new());
    return serial && BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
           BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

}  // namespace

CertificateMinter::CertificateMinter(const std::string& ca_certificate, const std::string& ca_key,
                                     std::chrono::seconds lifetime)
    : lifetime_(lifetime) {
    ca_certificate_.reset(
        PEM_read_bio_X509(open_file(ca_certificate).get(), nullptr, nullptr, nullptr));
    if (!ca_certificate_) throw std::runtime_error(ca_certificate + ": not a PEM certificate");
    ca_key_.reset(PEM_read_bio_PrivateKey(open_file(ca_key).get(), nullptr, nullptr, nullptr));
    if (!ca_key_) throw std::runtime_error(ca_key + ": not a PEM private key");
    if (X509_check_private_key(ca_certificate_.get(), ca_key_.get()) != 1)
        throw std::runtime_error(ca_key + ": does not belong to " + ca_certificate);
    if (X509_check_ca(ca_certificate_.get()) == 0)
        throw std::runtime_error(ca_certificate + ": not a CA certificate");
    leaf_key_ = new_p256_key();
    crypto::take_openssl_error("");
}

crypto::X509Ptr CertificateMinter::mint(std::string_view name, Clock::time_point now) const {
    crypto::X509Ptr certificate(X509_new());
    if (!certificate) return nullptr;
    X509* c = certificate.get();
    std::time_t not_before = Clock::to_time_t(now - std::chrono::hours(1));  // clients' clock skew
    std::time_t not_after = Clock::to_time_t(now + lifetime_);
    const std::string cn(name.substr(0, 64));
    const bool ok =
        X509_set_version(c, 2) == 1 && set_random_serial(c) &&
        X509_set_issuer_name(c, X509_get_subject_name(ca_certificate_.get())) == 1 &&
        X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                   0) == 1 &&
        X509_time_adj_ex(X509_getm_notBefore(c), 0, 0, &not_before) != nullptr &&
        X509_time_adj_ex(X509_getm_notAfter(c), 0, 0, &not_after) != nullptr &&
        X509_set_pubkey(c, leaf_key_.get()) == 1 &&
        add_extension(c, ca_certificate_.get(), NID_subject_alt_name, "DNS:" + std::string(name)) &&
        add_extension(c, ca_certificate_.get(), NID_basic_constraints, "critical,CA:FALSE") &&
        add_extension(c, ca_certificate_.get(), NID_key_usage, "critical,digitalSignature") &&
        add_extension(c, ca_certificate_.get(), NID_ext_key_usage, "serverAuth") &&
        add_extension(c, ca_certificate_.get(), NID_authority_key_identifier, "keyid,issuer");
    // Ed25519/Ed448 CA keys sign without a separate digest (their default digest is "undef").
    int default_digest = NID_sha256;
    EVP_PKEY_get_default_digest_nid(ca_key_.get(), &default_digest);
    const EVP_MD* digest = default_digest == NID_undef ? nullptr : EVP_sha256();
    if (!ok || X509_sign(c, ca_key_.get(), digest) <= 0) {
        crypto::take_openssl_error("mint");
        return nullptr;
    }
    return certificate;
}

X509* CertificateMinter::certificate_for(std::string_view canonical_name, Clock::time_point now) {
    const std::string key(canonical_name);
    if (const auto found = cache_.find(key);
        found != cache_.end() && now < found->second.renew_after)
        return found->second.certificate.get();
    crypto::X509Ptr certificate = mint(canonical_name, now);
    if (!certificate) return nullptr;
    if (cache_.size() >= kMaxCached) cache_.clear();  // rare: a full cache starts over
    ++minted_;
    auto& slot = cache_[key];
    slot.certificate = std::move(certificate);
    slot.renew_after = now + lifetime_ / 2;
    return slot.certificate.get();
}

}  // namespace roja::http
