// A signed document verifies with its key, and no longer after any single byte of the envelope is
// changed, nor with another key.
#include "daemon/audit/signed_document.hpp"
#include "tests/unit/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

using namespace roja;

namespace {

struct KeyPair {
    std::unique_ptr<audit::CheckpointSigner> signer;
    std::unique_ptr<audit::CheckpointVerifier> verifier;
};

KeyPair make_key(const test::TempDir& dir, const std::string& name) {
    const auto pem = dir.file(name + ".pem").string();
    REQUIRE(std::system(("openssl genpkey -algorithm ed25519 -out " + pem).c_str()) == 0);
    auto signer = audit::CheckpointSigner::load(pem);
    REQUIRE(signer.has_value());
    auto verifier = audit::CheckpointVerifier::load((*signer)->public_key_pem());
    REQUIRE(verifier.has_value());
    return {std::move(*signer), std::move(*verifier)};
}

}  // namespace

TEST_CASE("a signed document verifies, and fails after any byte is changed or with another key") {
    test::TempDir dir;
    const KeyPair hub = make_key(dir, "hub");
    const KeyPair other = make_key(dir, "other");
    const std::string document = "{\"format\":\"roja-hub-report/1\",\"late\":[\"node-2\"]}\n";
    const std::string envelope = audit::sign_document(document, *hub.signer);
    const auto good = audit::verify_document(envelope, *hub.verifier);
    REQUIRE_FALSE(good.failure);
    CHECK(good.document == document);
    CHECK(good.key_id == hub.signer->key_id());
    CHECK(audit::verify_document(envelope, *other.verifier).failure);
    std::size_t refused = 0;
    for (std::size_t i = 0; i + 1 < envelope.size(); ++i) {  // the final line end is not signed
        std::string changed = envelope;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        refused += audit::verify_document(changed, *hub.verifier).failure ? 1 : 0;
    }
    CHECK(refused == envelope.size() - 1);
}
