#include <doctest/doctest.h>

#include <string>

#include <algorithm>
#include <vector>

#include "daemon/crypto/base64.hpp"
#include "daemon/feed/minisign_text.hpp"
#include "daemon/feed/minisign_verify.hpp"
#include "daemon/feed/minisign_writer.hpp"
#include "tests/unit/daemon/feed/feed_tools.hpp"

using namespace roja::feed;
namespace crypto = roja::crypto;
using roja::feed::test::bytes_of;
using roja::feed::test::flipped;
using roja::feed::test::kTestManifest;
using roja::feed::test::ToolDir;

namespace {

// Two key pairs made by Debian's minisign once per run, and the manifest to sign.
struct MinisignFixture {
    ToolDir dir;
    MinisignFixture() {
        dir.run("minisign -G -W -p a.pub -s a.key");
        dir.run("minisign -G -W -p b.pub -s b.key");
        dir.write("manifest.json", kTestManifest);
    }
    MinisignPublicKey key(const std::string& name) const {
        auto parsed = parse_minisign_public_key(dir.read(name + ".pub"));
        REQUIRE(parsed.has_value());
        return *parsed;
    }
    // Signs manifest.json with key `name`; `options` such as "-l" for legacy.
    std::string sign(const std::string& name, const std::string& options = "") const {
        dir.run("minisign -S -s " + name + ".key -m manifest.json -x out.minisig " + options +
                " -t 'feed akep-al serial 42'");
        return dir.read("out.minisig");
    }
};

const MinisignFixture& fixture() {
    static const MinisignFixture made;
    return made;
}

FeedResult<MinisignVerified> check(const std::string& manifest, const std::string& signature_file,
                                   const std::vector<MinisignPublicKey>& keys) {
    auto signature = parse_minisign_signature(signature_file);
    if (!signature) return signature.error();
    return verify_minisign(bytes_of(manifest), *signature, keys);
}

// Rewrites line `index` (0-based) of a minisign file.
std::string with_line(const std::string& file, std::size_t index, const std::string& line) {
    auto lines = split_lines(file, 8);
    REQUIRE(lines.has_value());
    std::string out;
    for (std::size_t i = 0; i < lines->size(); ++i)
        out += (i == index ? line : std::string((*lines)[i])) + "\n";
    return out;
}

std::string base64_of(const std::vector<std::uint8_t>& bytes) {
    return crypto::encode_base64(bytes);
}

}  // namespace

TEST_CASE("a public key made by minisign -G parses and its key id is the one minisign prints") {
    const std::string file = fixture().dir.read("a.pub");
    const auto key = parse_minisign_public_key(file);
    REQUIRE(key.has_value());
    const std::string comment = file.substr(0, file.find('\n'));
    const std::string prefix = "untrusted comment: minisign public key ";
    REQUIRE(comment.starts_with(prefix));
    // Debian's minisign 0.11 prints the key id without leading zeros ("%" PRIX64): compare values.
    CHECK(std::stoull(comment.substr(prefix.size()), nullptr, 16) ==
          std::stoull(minisign_key_id_text(key->key_id), nullptr, 16));
    const std::string bare = file.substr(file.find('\n') + 1);
    const auto again = parse_minisign_public_key(bare);
    REQUIRE(again.has_value());
    CHECK(again->key == key->key);
}

TEST_CASE("a pre-hashed minisign signature verifies and reports key id and trusted comment") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("a"), {f.key("a")});
    REQUIRE(verified.has_value());
    CHECK(verified->algorithm == MinisignAlgorithm::prehashed);
    CHECK(verified->key_id == minisign_key_id_text(f.key("a").key_id));
    CHECK(verified->trusted_comment == "feed akep-al serial 42");
}

TEST_CASE("a legacy minisign signature (minisign -S -l) verifies") {
    const auto& f = fixture();
    const auto verified = check(kTestManifest, f.sign("a", "-l"), {f.key("a")});
    REQUIRE(verified.has_value());
    CHECK(verified->algorithm == MinisignAlgorithm::legacy);
}

TEST_CASE("one changed byte in the manifest fails both minisign variants") {
    const auto& f = fixture();
    for (const char* options : {"", "-l"}) {
        CAPTURE(options);
        const auto verified = check(flipped(kTestManifest), f.sign("a", options), {f.key("a")});
        REQUIRE_FALSE(verified.has_value());
        CHECK(verified.error().error == FeedError::bad_signature);
    }
}

TEST_CASE("a tampered trusted comment fails the global signature") {
    const auto& f = fixture();
    const std::string signature =
        with_line(f.sign("a"), 2, "trusted comment: feed akep-al serial 99");
    const auto verified = check(kTestManifest, signature, {f.key("a")});
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::bad_signature);
    CHECK(verified.error().detail.ends_with(
        "the global signature does not match the trusted comment"));
}

TEST_CASE("a signature by a key that is not trusted is an unknown key; any trusted key may sign") {
    const auto& f = fixture();
    const std::string by_b = f.sign("b");
    const auto unknown = check(kTestManifest, by_b, {f.key("a")});
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().error == FeedError::unknown_key);
    CHECK(unknown.error().detail.find(minisign_key_id_text(f.key("b").key_id)) !=
          std::string::npos);
    const auto rotated = check(kTestManifest, by_b, {f.key("a"), f.key("b")});
    REQUIRE(rotated.has_value());
    CHECK(rotated->key_id == minisign_key_id_text(f.key("b").key_id));
}

TEST_CASE("a signature relabelled with a trusted key's id fails the signature check") {
    const auto& f = fixture();
    const std::string by_b = f.sign("b");
    auto line = crypto::decode_base64(split_lines(by_b, 4)->at(1));
    REQUIRE(line.has_value());
    const auto id_a = f.key("a").key_id;
    std::copy(id_a.begin(), id_a.end(), line->begin() + 2);
    const auto verified = check(kTestManifest, with_line(by_b, 1, base64_of(*line)), {f.key("a")});
    REQUIRE_FALSE(verified.has_value());
    CHECK(verified.error().error == FeedError::bad_signature);
}

TEST_CASE("every truncation of a signature file is rejected") {
    const auto& f = fixture();
    const std::string signature = f.sign("a");
    for (std::size_t cut = 0; cut + 1 < signature.size(); ++cut) {
        CAPTURE(cut);
        CHECK_FALSE(check(kTestManifest, signature.substr(0, cut), {f.key("a")}).has_value());
    }
    CHECK(
        check(kTestManifest, signature.substr(0, signature.size() - 1), {f.key("a")}).has_value());
}

TEST_CASE("signature files are parsed strictly with a reason") {
    const auto& f = fixture();
    const std::string good = f.sign("a");
    const auto reason = [](const std::string& text) {
        const auto parsed = parse_minisign_signature(text);
        REQUIRE_FALSE(parsed.has_value());
        return parsed.error().detail;
    };
    CHECK(reason(with_line(good, 0, "comment: x")) ==
          "minisign signature: expected line 1 to start with \"untrusted comment: \" (at most 1024 "
          "bytes)");
    CHECK(reason(with_line(good, 2, "trusted: x"))
              .starts_with(
                  "minisign signature: expected line 3 to start with \"trusted comment: \""));
    CHECK(reason(with_line(good, 1, "RWQ!")) == "minisign signature: expected line 2 to be base64");
    CHECK(reason(with_line(good, 1, base64_of({'E', 'x', 1, 2}))) ==
          "minisign signature: expected 74 bytes in line 2");
    std::vector<std::uint8_t> other_algorithm(74, 0);
    other_algorithm[0] = 'E';
    other_algorithm[1] = 'x';
    CHECK(reason(with_line(good, 1, base64_of(other_algorithm))) ==
          "minisign signature: expected the algorithm \"Ed\" or \"ED\"");
    CHECK(reason(with_line(good, 3, base64_of({1, 2, 3}))) ==
          "minisign signature: expected 64 bytes in line 4");
    CHECK(reason(good + "extra\n") == "minisign signature: expected exactly 4 lines, found more");
    const auto huge = parse_minisign_signature(std::string(kMaxMinisignSignatureFile + 1, 'a'));
    REQUIRE_FALSE(huge.has_value());
    CHECK(huge.error().error == FeedError::too_large);
}

TEST_CASE("CRLF line ends in a signature file are accepted") {
    const auto& f = fixture();
    std::string crlf;
    for (char c : f.sign("a")) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    CHECK(check(kTestManifest, crlf, {f.key("a")}).has_value());
}

TEST_CASE("public key files are parsed strictly with a reason") {
    const auto reason = [](const std::string& text) {
        const auto parsed = parse_minisign_public_key(text);
        REQUIRE_FALSE(parsed.has_value());
        CHECK(parsed.error().error == FeedError::malformed_key);
        return parsed.error().detail;
    };
    const std::string good = fixture().dir.read("a.pub");
    const std::string key_line = good.substr(good.find('\n') + 1);
    CHECK(reason("") == "minisign public key: expected a comment line and a base64 line");
    CHECK(reason("comment\n" + key_line) ==
          "minisign public key: expected the first line to start with \"untrusted comment: \"");
    CHECK(reason("untrusted comment: x\nnot base64\n") ==
          "minisign public key: expected the key line to be base64");
    CHECK(reason("untrusted comment: x\n" + base64_of({'E', 'd', 1})) ==
          "minisign public key: expected 42 bytes in the key line");
    std::vector<std::uint8_t> other(42, 0);
    other[0] = 'E';
    other[1] = 'D';
    CHECK(reason(base64_of(other)) == "minisign public key: expected the Ed25519 algorithm \"Ed\"");
    CHECK(reason(good + "third line\n") ==
          "minisign public key: expected a comment line and a base64 line");
}

TEST_CASE("signatures made by Roja's own minisign writer verify, both variants") {
    const auto secret = generate_minisign_key();
    REQUIRE(secret.has_value());
    const auto key = parse_minisign_public_key(format_minisign_public_key(*secret, ""));
    REQUIRE(key.has_value());
    for (const auto variant : {MinisignVariant::prehashed, MinisignVariant::legacy}) {
        const auto file = sign_minisign(*secret, bytes_of(kTestManifest), "roja", variant);
        REQUIRE(file.has_value());
        const auto verified = check(kTestManifest, *file, {*key});
        REQUIRE(verified.has_value());
        CHECK(verified->algorithm == (variant == MinisignVariant::legacy
                                          ? MinisignAlgorithm::legacy
                                          : MinisignAlgorithm::prehashed));
        CHECK(verified->trusted_comment == "roja");
        CHECK_FALSE(check(flipped(kTestManifest), *file, {*key}).has_value());
    }
}
