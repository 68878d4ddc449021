#include <doctest/doctest.h>

#include "daemon/feed/cms_signature.hpp"
#include "tests/unit/daemon/feed/feed_tools.hpp"

using namespace roja::feed;
using roja::feed::test::bytes_of;
using roja::feed::test::flipped;
using roja::feed::test::kTestManifest;
using roja::feed::test::ToolDir;
using roja::filter::FeedError;
using roja::filter::FeedResult;

namespace {

constexpr const char* kNewEc = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
constexpr const char* kSigner = "CN=AKEP Feed,O=AKEP,C=AL";

// A config for `openssl ca`, the one tool that sets arbitrary validity dates in OpenSSL 3.0.
constexpr const char* kCaConfig = R"([ca]
default_ca = past_ca
[past_ca]
dir = .
database = ./index.txt
new_certs_dir = .
serial = ./serial
default_md = sha256
policy = any_name
unique_subject = no
email_in_dn = no
[any_name]
commonName = supplied
organizationName = optional
countryName = optional
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[leaf_ext]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature
)";

// Test CAs and signers made by openssl once per run: the trusted CA, another CA, a signer under
// each, an expired signer, and a CA and signer valid only in 2020 (for the signing-time check).
struct CmsFixture {
    ToolDir dir;
    CmsFixture() {
        dir.write("ca.cnf", kCaConfig);
        dir.write("index.txt", "");
        dir.write("serial", "01\n");
        dir.write("leaf.ext", "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n");
        make_ca("ca", "/C=AL/O=Roja Test/CN=Roja Test CA");
        make_ca("other", "/C=AL/O=Elsewhere/CN=Other CA");
        dir.run(std::string("openssl req ") + kNewEc +
                " -keyout signer.key -out signer.csr -subj '/C=AL/O=AKEP/CN=AKEP Feed'");
        issue("ca", "signer", "-days 365");
        issue("other", "stranger", "-days 365");
        issue("ca", "expired", "-days -1");
        dir.run(std::string("openssl req -new ") + kNewEc +
                " -keyout past-ca.key -out past-ca.csr -subj '/CN=Roja Past CA'");
        dir.run(
            "openssl ca -batch -config ca.cnf -selfsign -keyfile past-ca.key -in past-ca.csr"
            " -out past-ca.pem -startdate 20190101000000Z -enddate 20400101000000Z"
            " -extensions ca_ext -notext");
        dir.run(
            "openssl ca -batch -config ca.cnf -cert past-ca.pem -keyfile past-ca.key"
            " -in signer.csr -out past.pem -startdate 20200101000000Z"
            " -enddate 20210101000000Z -extensions leaf_ext -notext");
        dir.write("manifest.json", kTestManifest);
    }
    void make_ca(const std::string& name, const std::string& subject) {
        dir.run(std::string("openssl req -x509 ") + kNewEc + " -keyout " + name + ".key -out " +
                name + ".pem -days 3650 -subj '" + subject + "'");
    }
    void issue(const std::string& ca, const std::string& name, const std::string& days) {
        dir.run("openssl x509 -req -in signer.csr -CA " + ca + ".pem -CAkey " + ca +
                ".key -CAcreateserial -extfile leaf.ext " + days + " -out " + name + ".pem");
    }
    // A detached signature of manifest.json by `cert` (with signer.key).
    std::string sign(const std::string& cert, const std::string& form = "DER",
                     const std::string& extra = "") const {
        dir.run("openssl cms -sign -binary -in manifest.json -signer " + cert +
                ".pem -inkey signer.key -outform " + form + " -out out.p7s " + extra);
        return dir.read("out.p7s");
    }
    CmsTrust trust(const std::string& ca = "ca", const std::string& pin = "",
                   std::optional<std::time_t> at = {}) const {
        auto made = make_cms_trust(dir.read(ca + ".pem"), pin, at);
        REQUIRE(made.has_value());
        return *made;
    }
};

const CmsFixture& fixture() {
    static const CmsFixture made;
    return made;
}

FeedResult<CmsVerified> check(const std::string& manifest, const std::string& signature,
                              const CmsTrust& trust) {
    return verify_cms(bytes_of(manifest), bytes_of(signature), trust);
}

}  // namespace

TEST_CASE("a detached DER CMS signature verifies and reports the signer subject and time") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("signer"), f.trust());
    REQUIRE(verified.has_value());
    CHECK(verified->subject == kSigner);
    const auto age = std::chrono::system_clock::now() - verified->signing_time;
    CHECK(age >= std::chrono::seconds{-5});
    CHECK(age < std::chrono::hours{1});
}

TEST_CASE("a detached PEM CMS signature verifies") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("signer", "PEM"), f.trust());
    REQUIRE(verified.has_value());
    CHECK(verified->subject == kSigner);
}

TEST_CASE("one changed byte in the manifest fails the CMS signature") {
    const auto& f = fixture();
    for (const char* form : {"DER", "PEM"}) {
        CAPTURE(form);
        const auto verified = check(flipped(kTestManifest), f.sign("signer", form), f.trust());
        REQUIRE_FALSE(verified.has_value());
        CHECK(verified.error().error == FeedError::bad_signature);
    }
}

TEST_CASE("a signer certificate from another CA is not trusted") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("stranger"), f.trust());
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::untrusted_signer);
    CHECK(verified.error().detail.find("unable to get local issuer certificate") !=
          std::string::npos);
    CHECK(check(kTestManifest, f.sign("stranger"), f.trust("other")).has_value());
}

TEST_CASE("the subject pin accepts the pinned signer and rejects any other") {
    const auto& f = fixture();
    const std::string signature = f.sign("signer");
    CHECK(check(kTestManifest, signature, f.trust("ca", kSigner)).has_value());
    const auto other =
        check(kTestManifest, signature, f.trust("ca", "CN=Someone Else,O=AKEP,C=AL"));
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().error == FeedError::signer_mismatch);
}

TEST_CASE("an expired signer certificate is not trusted") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("expired"), f.trust());
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::untrusted_signer);
    CHECK(verified.error().detail.find("certificate has expired") != std::string::npos);
}

TEST_CASE("a signing time outside the signer's validity is rejected even when the chain holds") {
    const auto& f = fixture();
    const std::string signature = f.sign("past");  // valid in 2020 only, signed now
    const std::time_t mid_2020 = 1590969600;       // 2020-06-01
    const auto verified = check(kTestManifest, signature, f.trust("past-ca", "", mid_2020));
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::signing_time_invalid);
    const auto today = check(kTestManifest, signature, f.trust("past-ca"));
    REQUIRE_FALSE(today.has_value());
    CHECK(today.error().error == FeedError::untrusted_signer);
}

TEST_CASE("an attached (not detached) CMS signature is refused") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("signer", "DER", "-nodetach"), f.trust());
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::malformed_signature);
    CHECK(verified.error().detail == "CMS signature: expected a detached signature");
}

TEST_CASE("truncated and garbage CMS signatures are malformed") {
    const auto& f = fixture();
    for (const char* form : {"DER", "PEM"}) {
        const std::string signature = f.sign("signer", form);
        for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{20},
                                signature.size() / 2, signature.size() - 40}) {
            CAPTURE(form);
            CAPTURE(cut);
            const auto verified = check(kTestManifest, signature.substr(0, cut), f.trust());
            REQUIRE_FALSE(verified.has_value());
            CHECK(verified.error().error == FeedError::malformed_signature);
        }
    }
    const auto huge = check(kTestManifest, std::string(kMaxCmsSignature + 1, 'x'), f.trust());
    REQUIRE_FALSE(huge.has_value());
    CHECK(huge.error().error == FeedError::too_large);
}

TEST_CASE("a CA bundle must hold at least one certificate") {
    const auto empty = make_cms_trust("");
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().error == FeedError::malformed_key);
    CHECK(empty.error().detail == "CA bundle: expected at least one PEM certificate");
    const auto broken =
        make_cms_trust("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    REQUIRE_FALSE(broken.has_value());
    CHECK(broken.error().error == FeedError::malformed_key);
    const auto& f = fixture();
    const auto both = make_cms_trust(f.dir.read("other.pem") + f.dir.read("ca.pem"));
    REQUIRE(both.has_value());
    CHECK(check(kTestManifest, f.sign("signer"), *both).has_value());
}
