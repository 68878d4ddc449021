#include "daemon/feed/minisign_writer.hpp"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/crypto/base64.hpp"
#include "daemon/crypto/blake2b.hpp"

using namespace roja::feed;
namespace crypto = roja::crypto;

namespace {

using Bytes = std::vector<std::uint8_t>;

// A key pair made by Debian's minisign 0.11 (`minisign -G -W`), and its signatures of "hello\n":
// `minisign -S` (prehashed, default trusted comment) and `minisign -S -l -t "legacy test"`.
constexpr std::string_view kMinisignSecretKey =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAd5Vxo58eIOOUi6thN/"
    "ACkZX4"
    "kiyOSaqFgqRDyG6PQmJ0JT0Gh99LkCg+UV2I5O+"
    "C3NJzfAXo9Hc3OWOAFcwrsqCrp69dGFKaAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAA=\n";
constexpr std::string_view kMinisignPublicKey =
    "untrusted comment: minisign public key E3201E9FA3719577\n"
    "RWR3lXGjnx4g4yg+UV2I5O+C3NJzfAXo9Hc3OWOAFcwrsqCrp69dGFKa\n";
constexpr std::string_view kMinisignPrehashed =
    "untrusted comment: signature from minisign secret key\n"
    "RUR3lXGjnx4g489+"
    "A2YT8kxQ2nTTKu6akC8h0KdwNe021vBCgZG4EmTLBfaE4csj0ZRuO8lYr7EnUMAc88KRB5HXHXZMm9co"
    "Fw0=\n"
    "trusted comment: timestamp:1795910074\tfile:m\thashed\n"
    "GVTXA/mbYf+miTcs99O7u1V+MIhQ2nF4C5cK9IUZurd5KJBLd1FEGueliOCf3DCwS2EvgCefFDqg4zmFVQPOAg==\n";
constexpr std::string_view kMinisignLegacy =
    "untrusted comment: signature from minisign secret key\n"
    "RWR3lXGjnx4g422lmZHAwvtyOuj7H8o5acdsez5HvguY5kJlDZ9hlsy76uO1NFSVV+3qhEIQkvyMTGQIi4oz/"
    "cHK12YEQHOb"
    "OgU=\n"
    "trusted comment: legacy test\n"
    "ZYP+jyHZzRLgBUlIkJIL42SxM2jLXx7qaK5xPCc2BOkFu4LUZFfqWF8ualsu6/tNMq4nf/CN2BDphNdXTqc8Bw==\n";

Bytes bytes_of(std::string_view text) {
    return Bytes(text.begin(), text.end());
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.emplace_back(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return lines;
}

Bytes decoded(const std::string& line) {
    auto bytes = crypto::decode_base64(line);
    REQUIRE(bytes);
    return *bytes;
}

Bytes openssl_blake2b512(const Bytes& message) {
    Bytes digest(64);
    unsigned int length = 0;
    REQUIRE(EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_blake2b512(),
                       nullptr) == 1);
    return digest;
}

// Checks an Ed25519 signature with OpenSSL alone, independently of the writer's code.
bool openssl_verifies(const std::array<std::uint8_t, 32>& public_key, const Bytes& signature,
                      const Bytes& message) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                    public_key.size()),
        EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    return pkey && ctx &&
           EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                            message.size()) == 1;
}

MinisignSecretKey real_minisign_key() {
    auto key = parse_minisign_secret_key(kMinisignSecretKey);
    REQUIRE(key.has_value());
    return *key;
}

}  // namespace

TEST_CASE("crypto::blake2b gives OpenSSL's BLAKE2b-512 at 64 bytes and the RFC 7693 value at 32") {
    for (std::size_t size : {0, 1, 3, 127, 128, 129, 255, 256, 1000}) {
        Bytes message(size);
        for (std::size_t i = 0; i < size; ++i) message[i] = static_cast<std::uint8_t>(i * 7 + 1);
        Bytes digest(64);
        crypto::blake2b(message, digest);
        CHECK(digest == openssl_blake2b512(message));
    }
    Bytes empty_256(32);
    crypto::blake2b({}, empty_256);
    CHECK(empty_256 == Bytes{0x0e, 0x57, 0x51, 0xc0, 0x26, 0xe5, 0x43, 0xb2, 0xe8, 0xab, 0x2e,
                             0xb0, 0x60, 0x99, 0xda, 0xa1, 0xd1, 0xe5, 0xdf, 0x47, 0x77, 0x8f,
                             0x77, 0x87, 0xfa, 0xab, 0x45, 0xcd, 0xf1, 0x2f, 0xe3, 0xa8});
}

TEST_CASE("base64 round-trips and refuses anything but the padded alphabet") {
    for (std::string_view text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        const auto encoded = crypto::encode_base64(bytes_of(text));
        CHECK(crypto::decode_base64(encoded) == std::optional(bytes_of(text)));
    }
    CHECK(crypto::encode_base64(bytes_of("foobar")) == "Zm9vYmFy");
    CHECK(crypto::encode_base64(bytes_of("fo")) == "Zm8=");
    CHECK_FALSE(crypto::decode_base64("Zm8"));
    CHECK_FALSE(crypto::decode_base64("Zm8=\n"));
    CHECK_FALSE(crypto::decode_base64(" Zm8="));
    CHECK_FALSE(crypto::decode_base64("Z=m8"));
    CHECK_FALSE(crypto::decode_base64("Zm-8"));
}

TEST_CASE("a key id reads as minisign prints it") {
    CHECK(minisign_key_id_text(real_minisign_key().key_id) == "E3201E9FA3719577");
}

TEST_CASE("a secret key made by `minisign -G -W` is read and matches its public key file") {
    const auto key = real_minisign_key();
    CHECK(format_minisign_public_key(key, {}) == kMinisignPublicKey);
}

TEST_CASE("signing reproduces the real minisign's signatures byte for byte") {
    const auto key = real_minisign_key();
    const auto prehashed =
        sign_minisign(key, bytes_of("hello\n"), "timestamp:1795910074\tfile:m\thashed",
                      MinisignVariant::prehashed);
    REQUIRE(prehashed.has_value());
    CHECK(*prehashed == kMinisignPrehashed);
    const auto legacy =
        sign_minisign(key, bytes_of("hello\n"), "legacy test", MinisignVariant::legacy);
    REQUIRE(legacy.has_value());
    CHECK(*legacy == kMinisignLegacy);
}

TEST_CASE("a generated key survives its secret key file and its public key file names it") {
    const auto key = generate_minisign_key();
    REQUIRE(key.has_value());
    const std::string file = format_minisign_secret_key(*key, "feed key");
    const auto lines = lines_of(file);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "untrusted comment: feed key");
    const Bytes raw = decoded(lines[1]);
    REQUIRE(raw.size() == kMinisignSecretKeyBytes);
    CHECK(Bytes(raw.begin(), raw.begin() + 6) == Bytes{'E', 'd', 0, 0, 'B', '2'});
    CHECK(Bytes(raw.begin() + 54, raw.begin() + 62) ==
          Bytes(key->key_id.begin(), key->key_id.end()));
    const auto read_back = parse_minisign_secret_key(file);
    REQUIRE(read_back.has_value());
    CHECK(read_back->key_id == key->key_id);
    CHECK(read_back->seed == key->seed);
    CHECK(read_back->public_key == key->public_key);
    const auto pub = lines_of(format_minisign_public_key(*key, {}));
    CHECK(pub[0] == "untrusted comment: minisign public key " + minisign_key_id_text(key->key_id));
    const Bytes pub_raw = decoded(pub[1]);
    // Laid out by offset: GCC 12 at -O3 misreads chained vector inserts (-Warray-bounds).
    Bytes expected(2 + key->key_id.size() + key->public_key.size());
    expected[0] = 'E';
    expected[1] = 'd';
    std::copy(key->key_id.begin(), key->key_id.end(), expected.begin() + 2);
    std::copy(key->public_key.begin(), key->public_key.end(),
              expected.begin() + 2 + static_cast<std::ptrdiff_t>(key->key_id.size()));
    CHECK(pub_raw == expected);
}

TEST_CASE("a damaged, encrypted or public key file is refused with the reason") {
    const auto key = generate_minisign_key();
    REQUIRE(key.has_value());
    const auto lines = lines_of(format_minisign_secret_key(*key, {}));
    const auto with_raw = [&](auto change) {
        Bytes raw = decoded(lines[1]);
        change(raw);
        return lines[0] + "\n" + crypto::encode_base64(raw) + "\n";
    };
    const auto error_of = [](const std::string& text) {
        const auto parsed = parse_minisign_secret_key(text);
        REQUIRE_FALSE(parsed.has_value());
        return parsed.error().message;
    };
    CHECK(error_of(with_raw([](Bytes& raw) { raw[130] ^= 1; })).find("checksum") !=
          std::string::npos);
    CHECK(error_of(with_raw([](Bytes& raw) {
              raw[2] = 'S';
              raw[3] = 'c';
          })).find("password") != std::string::npos);
    // The public half no longer belongs to the seed; the checksum is zeroed as `minisign -W` does.
    CHECK(error_of(with_raw([](Bytes& raw) {
              raw[100] ^= 1;
              std::fill(raw.begin() + 126, raw.end(), 0);
          })).find("does not belong") != std::string::npos);
    CHECK(error_of(std::string(kMinisignPublicKey)).find("public key") != std::string::npos);
    CHECK_FALSE(parse_minisign_secret_key("RWQAAEIy\n").has_value());
    CHECK_FALSE(parse_minisign_secret_key(lines[0] + "\n" + lines[1].substr(4) + "\n").has_value());
}

TEST_CASE(
    "a signature verifies with OpenSSL: prehashed over BLAKE2b-512, legacy over the message") {
    const auto key = generate_minisign_key();
    REQUIRE(key.has_value());
    const Bytes message = bytes_of("{\"format\": \"roja-feed/1\"}\n");
    for (auto variant : {MinisignVariant::prehashed, MinisignVariant::legacy}) {
        const auto file = sign_minisign(*key, message, "roja-feed x serial 1", variant, "a feed");
        REQUIRE(file.has_value());
        const auto lines = lines_of(*file);
        REQUIRE(lines.size() == 4);
        CHECK(lines[0] == "untrusted comment: a feed");
        CHECK(lines[2] == "trusted comment: roja-feed x serial 1");
        const Bytes sig_struct = decoded(lines[1]);
        REQUIRE(sig_struct.size() == kMinisignSignatureBytes);
        const bool prehashed = variant == MinisignVariant::prehashed;
        CHECK(sig_struct[1] == (prehashed ? 'D' : 'd'));
        CHECK(Bytes(sig_struct.begin() + 2, sig_struct.begin() + 10) ==
              Bytes(key->key_id.begin(), key->key_id.end()));
        const Bytes signature(sig_struct.begin() + 10, sig_struct.end());
        CHECK(openssl_verifies(key->public_key, signature,
                               prehashed ? openssl_blake2b512(message) : message));
        CHECK_FALSE(openssl_verifies(key->public_key, signature, bytes_of("tampered")));
        Bytes global_message = signature;
        const std::string_view trusted = "roja-feed x serial 1";
        global_message.insert(global_message.end(), trusted.begin(), trusted.end());
        CHECK(openssl_verifies(key->public_key, decoded(lines[3]), global_message));
    }
}

TEST_CASE("comments that would break a minisign file are refused") {
    const auto key = generate_minisign_key();
    REQUIRE(key.has_value());
    CHECK_FALSE(
        sign_minisign(*key, bytes_of("m"), "two\nlines", MinisignVariant::prehashed).has_value());
    CHECK_FALSE(sign_minisign(*key, bytes_of("m"), "", MinisignVariant::prehashed).has_value());
    CHECK_FALSE(
        sign_minisign(*key, bytes_of("m"), std::string(8174, 'x'), MinisignVariant::prehashed)
            .has_value());
    CHECK(sign_minisign(*key, bytes_of("m"), std::string(8173, 'x'), MinisignVariant::prehashed)
              .has_value());
    CHECK_FALSE(sign_minisign(*key, bytes_of("m"), "ok", MinisignVariant::prehashed, "cr\rhere")
                    .has_value());
    CHECK_FALSE(is_minisign_comment(std::string_view("nul\0", 4), 100));
}
