#include <doctest/doctest.h>

#include <unistd.h>

#include <openssl/x509v3.h>

#include <filesystem>
#include <stdexcept>

#include "daemon/http/certificate_minter.hpp"

using namespace roja;
using http::CertificateMinter;

namespace {

// A throwaway P-256 CA written as PEM files under a temp directory.
struct TestCa {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("roja-ca-" + std::to_string(::getpid()));
    std::string certificate = (dir / "ca.pem").string();
    std::string key = (dir / "ca.key").string();
    crypto::X509Ptr ca{X509_new()};

    explicit TestCa(bool is_ca = true) {
        std::filesystem::create_directories(dir);
        crypto::PkeyPtr pkey(EVP_EC_gen("P-256"));
        X509* c = ca.get();
        X509_set_version(c, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(c), 1);
        X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("Test School CA"), -1, -1,
                                   0);
        X509_set_issuer_name(c, X509_get_subject_name(c));
        X509_gmtime_adj(X509_getm_notBefore(c), -3600);
        X509_gmtime_adj(X509_getm_notAfter(c), 86400 * 30);
        X509_set_pubkey(c, pkey.get());
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, c, c, nullptr, nullptr, 0);
        X509_EXTENSION* bc = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints,
                                                 is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
        X509_add_ext(c, bc, -1);
        X509_EXTENSION_free(bc);
        X509_sign(c, pkey.get(), EVP_sha256());
        crypto::BioPtr cert_out(BIO_new_file(certificate.c_str(), "w"));
        PEM_write_bio_X509(cert_out.get(), c);
        crypto::BioPtr key_out(BIO_new_file(key.c_str(), "w"));
        PEM_write_bio_PrivateKey(key_out.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    }
    ~TestCa() { std::filesystem::remove_all(dir); }
};

// The certificate verifies against the CA for TLS server use and names `host`.
bool verifies_for(X509* leaf, X509* ca, const char* host) {
    std::unique_ptr<X509_STORE, crypto::OpenSslFree<X509_STORE_free>> store(X509_STORE_new());
    X509_STORE_add_cert(store.get(), ca);
    std::unique_ptr<X509_STORE_CTX, crypto::OpenSslFree<X509_STORE_CTX_free>> ctx(
        X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), leaf, nullptr);
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set1_host(param, host, 0);
    return X509_verify_cert(ctx.get()) == 1;
}

}  // namespace

TEST_CASE("a minted certificate verifies against the school CA for the blocked name only") {
    TestCa ca;
    CertificateMinter minter(ca.certificate, ca.key, std::chrono::hours(24));
    X509* leaf = minter.certificate_for("casino.test", CertificateMinter::Clock::now());
    REQUIRE(leaf != nullptr);
    CHECK(verifies_for(leaf, ca.ca.get(), "casino.test"));
    CHECK_FALSE(verifies_for(leaf, ca.ca.get(), "other.test"));
    CHECK(X509_check_ca(leaf) == 0);
}

TEST_CASE("certificates are cached until half their lifetime, then minted anew") {
    TestCa ca;
    CertificateMinter minter(ca.certificate, ca.key, std::chrono::hours(24));
    const auto now = CertificateMinter::Clock::now();
    X509* first = minter.certificate_for("casino.test", now);
    CHECK(minter.certificate_for("casino.test", now + std::chrono::hours(11)) == first);
    CHECK(minter.minted() == 1);
    X509* renewed = minter.certificate_for("casino.test", now + std::chrono::hours(13));
    CHECK(renewed != nullptr);
    CHECK(minter.minted() == 2);
    CHECK(minter.certificate_for("harm.test", now) != nullptr);
    CHECK(minter.minted() == 3);
}

TEST_CASE("a CA that is not a CA, or unreadable files, are refused at start-up") {
    TestCa not_a_ca(false);
    CHECK_THROWS_AS(CertificateMinter(not_a_ca.certificate, not_a_ca.key, std::chrono::hours(1)),
                    std::runtime_error);
    CHECK_THROWS_AS(
        CertificateMinter("/nonexistent/ca.pem", "/nonexistent/ca.key", std::chrono::hours(1)),
        std::runtime_error);
}
