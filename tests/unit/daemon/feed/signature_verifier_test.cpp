#include <doctest/doctest.h>

#include "daemon/feed/signature_verifier.hpp"
#include "tests/unit/daemon/feed/feed_tools.hpp"

using namespace roja::feed;
using roja::feed::test::bytes_of;
using roja::feed::test::flipped;
using roja::feed::test::kTestManifest;
using roja::feed::test::ToolDir;

namespace {

// One minisign key, one CA with a signer, another CA with a signer, and the manifest signed by
// minisign (pre-hashed), the signer (good.p7s) and the other CA's signer (stranger.p7s).
struct FeedSignatures {
    ToolDir dir;
    FeedSignatures() {
        const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        dir.write("manifest.json", kTestManifest);
        dir.run("minisign -G -W -p key.pub -s key.sec");
        dir.run("minisign -S -s key.sec -m manifest.json -t 'roja test'");
        for (const std::string ca : {"ca", "other"}) {
            dir.run("openssl req -x509 " + ec + " -keyout " + ca + ".key -out " + ca +
                    ".pem -days 30 -subj '/CN=" + ca + " test CA'");
            dir.run("openssl req " + ec + " -keyout " + ca + "-signer.key -out " + ca +
                    "-signer.csr -subj '/O=AKEP/CN=" + ca + " signer'");
            dir.run("openssl x509 -req -in " + ca + "-signer.csr -CA " + ca + ".pem -CAkey " + ca +
                    ".key -CAcreateserial -days 30 -out " + ca + "-signer.pem");
            dir.run("openssl cms -sign -binary -in manifest.json -signer " + ca +
                    "-signer.pem -inkey " + ca + "-signer.key -outform DER -out " + ca + ".p7s");
        }
    }
    TrustConfig trust(bool minisign, bool cms) const {
        TrustConfig config;
        if (minisign)
            config.minisign_keys.push_back(*parse_minisign_public_key(dir.read("key.pub")));
        if (cms) config.cms = *make_cms_trust(dir.read("ca.pem"));
        return config;
    }
    SignatureFiles files(bool minisig, const std::string& p7s) const {
        SignatureFiles out;
        if (minisig) out.minisig = dir.read("manifest.json.minisig");
        if (!p7s.empty()) out.p7s = dir.read(p7s);
        return out;
    }
};

const FeedSignatures& signatures() {
    static const FeedSignatures made;
    return made;
}

}  // namespace

TEST_CASE("a feed signed with minisign verifies against the configured keys") {
    const auto& s = signatures();
    const auto verified =
        verify_manifest_signature(bytes_of(kTestManifest), s.files(true, ""), s.trust(true, false));
    REQUIRE(verified.has_value());
    REQUIRE(verified->size() == 1);
    CHECK(verified->front().scheme == SignatureScheme::minisign_prehashed);
    CHECK(verified->front().signer.size() == 16);
    CHECK(verified->front().trusted_comment == "roja test");
    CHECK(signature_scheme_name(verified->front().scheme) == "minisign-prehashed");
}

TEST_CASE("with both kinds configured and present, both are checked, minisign first") {
    const auto& s = signatures();
    const auto verified = verify_manifest_signature(bytes_of(kTestManifest),
                                                    s.files(true, "ca.p7s"), s.trust(true, true));
    REQUIRE(verified.has_value());
    REQUIRE(verified->size() == 2);
    CHECK(verified->at(0).scheme == SignatureScheme::minisign_prehashed);
    CHECK(verified->at(1).scheme == SignatureScheme::cms);
    CHECK(verified->at(1).signer == "CN=ca signer,O=AKEP");
    CHECK(verified->at(1).signing_time.has_value());
}

TEST_CASE("one failing signature rejects the feed even when the other verifies") {
    const auto& s = signatures();
    const auto verified = verify_manifest_signature(
        bytes_of(kTestManifest), s.files(true, "other.p7s"), s.trust(true, true));
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::untrusted_signer);
}

TEST_CASE("a changed manifest byte is caught before anything is parsed") {
    const auto& s = signatures();
    const auto verified = verify_manifest_signature(bytes_of(flipped(kTestManifest)),
                                                    s.files(true, "ca.p7s"), s.trust(false, true));
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::bad_signature);
}

TEST_CASE("no checkable signature is a missing signature") {
    const auto& s = signatures();
    const auto only_p7s = verify_manifest_signature(bytes_of(kTestManifest),
                                                    s.files(false, "ca.p7s"), s.trust(true, false));
    REQUIRE_FALSE(only_p7s.has_value());
    CHECK(only_p7s.error().error == FeedError::missing_signature);
    const auto no_trust = verify_manifest_signature(bytes_of(kTestManifest),
                                                    s.files(true, "ca.p7s"), s.trust(false, false));
    REQUIRE_FALSE(no_trust.has_value());
    CHECK(no_trust.error().error == FeedError::missing_signature);
    CHECK(feed_error_name(no_trust.error().error) == "missing_signature");
}

TEST_CASE("a signature of a kind that is not configured is ignored") {
    const auto& s = signatures();
    SignatureFiles files = s.files(true, "");
    files.p7s = "not a CMS signature";
    const auto verified =
        verify_manifest_signature(bytes_of(kTestManifest), files, s.trust(true, false));
    REQUIRE(verified.has_value());
    CHECK(verified->size() == 1);
}
