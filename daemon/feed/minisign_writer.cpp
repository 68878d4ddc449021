#include "daemon/feed/minisign_writer.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "daemon/crypto/base64.hpp"
#include "daemon/crypto/blake2b.hpp"

namespace roja::feed {

namespace {

// Byte layout of minisign's SeckeyStruct (minisign.h): sig_alg "Ed", kdf_alg ("Sc" = scrypt, or
// two zero bytes = unencrypted), chk_alg "B2", kdf salt, opslimit, memlimit (little-endian u64),
// then keynum_sk: key id, libsodium's 64-byte secret key (seed || public key) and a BLAKE2b-256
// checksum over sig_alg || key id || secret key.
constexpr std::size_t kKdfAlgAt = 2;
constexpr std::size_t kChkAlgAt = 4;
constexpr std::size_t kKeyIdAt = 6 + 32 + 8 + 8;
constexpr std::size_t kSeedAt = kKeyIdAt + kMinisignKeyIdBytes;
constexpr std::size_t kPublicAt = kSeedAt + 32;
constexpr std::size_t kChecksumAt = kPublicAt + 32;
static_assert(kChecksumAt + 32 == kMinisignSecretKeyBytes);

constexpr std::string_view kCommentPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";

using Bytes = std::vector<std::uint8_t>;
using Signature = std::array<std::uint8_t, 64>;
using Checksum = std::array<std::uint8_t, 32>;

struct PkeyFree {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey ed25519_from_seed(const std::array<std::uint8_t, 32>& seed) {
    return Pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
}

std::optional<std::array<std::uint8_t, 32>> public_half(EVP_PKEY* key) {
    std::array<std::uint8_t, 32> pk{};
    std::size_t length = pk.size();
    if (EVP_PKEY_get_raw_public_key(key, pk.data(), &length) != 1 || length != pk.size())
        return std::nullopt;
    return pk;
}

std::optional<Signature> ed25519_sign(EVP_PKEY* key, std::span<const std::uint8_t> message) {
    const std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1)
        return std::nullopt;
    Signature signature{};
    std::size_t length = signature.size();
    if (EVP_DigestSign(ctx.get(), signature.data(), &length, message.data(), message.size()) != 1 ||
        length != signature.size())
        return std::nullopt;
    return signature;
}

Checksum secret_key_checksum(const MinisignSecretKey& key) {
    Bytes input = {'E', 'd'};
    input.insert(input.end(), key.key_id.begin(), key.key_id.end());
    input.insert(input.end(), key.seed.begin(), key.seed.end());
    input.insert(input.end(), key.public_key.begin(), key.public_key.end());
    Checksum checksum{};
    crypto::blake2b(input, checksum);
    return checksum;
}

std::string comment_line(std::string_view prefix, std::string_view comment) {
    std::string line(prefix);
    line.append(comment).push_back('\n');
    return line;
}

std::string base64_line(std::span<const std::uint8_t> bytes) {
    return crypto::encode_base64(bytes) + "\n";
}

// The second line of a key file: the base64 text without its line end.
std::optional<std::string_view> second_line(std::string_view text) {
    const auto first_end = text.find('\n');
    if (first_end == std::string_view::npos) return std::nullopt;
    text.remove_prefix(first_end + 1);
    text = text.substr(0, text.find('\n'));
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

MinisignResult<Bytes> decode_secret_key_bytes(std::string_view file_text) {
    if (!file_text.starts_with(kCommentPrefix))
        return MinisignError{"not a minisign key file (no \"untrusted comment:\" line)"};
    const auto line = second_line(file_text);
    const auto bytes = line ? crypto::decode_base64(*line) : std::nullopt;
    if (!bytes) return MinisignError{"the key line is not base64"};
    if (bytes->size() == kMinisignPublicKeyBytes)
        return MinisignError{"this is a public key; signing needs the secret key file"};
    if (bytes->size() != kMinisignSecretKeyBytes)
        return MinisignError{"not a minisign secret key (wrong length)"};
    return *bytes;
}

MinisignResult<void> check_algorithms(const Bytes& raw) {
    if (std::memcmp(raw.data(), "Ed", 2) != 0)
        return MinisignError{"unsupported signature algorithm"};
    if (std::memcmp(raw.data() + kChkAlgAt, "B2", 2) != 0)
        return MinisignError{"unsupported checksum algorithm"};
    if (std::memcmp(raw.data() + kKdfAlgAt, "Sc", 2) == 0)
        return MinisignError{
            "the secret key is protected by a password; remove it with `minisign -C -W -s FILE` "
            "(on a copy kept offline) or make a key with `rojactl feed keygen`"};
    if (raw[kKdfAlgAt] != 0 || raw[kKdfAlgAt + 1] != 0)
        return MinisignError{"unsupported key derivation function"};
    return {};
}

}  // namespace

MinisignResult<MinisignSecretKey> generate_minisign_key() {
    const Pkey pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    MinisignSecretKey key;
    std::size_t seed_length = key.seed.size();
    if (!pkey || EVP_PKEY_get_raw_private_key(pkey.get(), key.seed.data(), &seed_length) != 1 ||
        seed_length != key.seed.size())
        return MinisignError{"OpenSSL could not generate an Ed25519 key"};
    const auto pk = public_half(pkey.get());
    if (!pk || RAND_bytes(key.key_id.data(), static_cast<int>(key.key_id.size())) != 1)
        return MinisignError{"OpenSSL could not generate an Ed25519 key"};
    key.public_key = *pk;
    return key;
}

std::string format_minisign_public_key(const MinisignSecretKey& key, std::string_view comment) {
    Bytes raw = {'E', 'd'};
    raw.insert(raw.end(), key.key_id.begin(), key.key_id.end());
    raw.insert(raw.end(), key.public_key.begin(), key.public_key.end());
    const std::string fallback = "minisign public key " + minisign_key_id_text(key.key_id);
    return comment_line(kCommentPrefix, comment.empty() ? fallback : comment) + base64_line(raw);
}

std::string format_minisign_secret_key(const MinisignSecretKey& key, std::string_view comment) {
    Bytes raw(kMinisignSecretKeyBytes, 0);  // unencrypted: kdf_alg, salt and limits stay zero
    std::memcpy(raw.data(), "Ed", 2);
    std::memcpy(raw.data() + kChkAlgAt, "B2", 2);
    std::copy(key.key_id.begin(), key.key_id.end(), raw.begin() + kKeyIdAt);
    std::copy(key.seed.begin(), key.seed.end(), raw.begin() + kSeedAt);
    std::copy(key.public_key.begin(), key.public_key.end(), raw.begin() + kPublicAt);
    const Checksum checksum = secret_key_checksum(key);
    std::copy(checksum.begin(), checksum.end(), raw.begin() + kChecksumAt);
    return comment_line(kCommentPrefix,
                        comment.empty() ? "minisign unencrypted secret key" : comment) +
           base64_line(raw);
}

MinisignResult<MinisignSecretKey> parse_minisign_secret_key(std::string_view file_text) {
    auto raw = decode_secret_key_bytes(file_text);
    if (!raw) return raw.error();
    if (auto checked = check_algorithms(*raw); !checked) return checked.error();
    MinisignSecretKey key;
    std::copy_n(raw->begin() + kKeyIdAt, key.key_id.size(), key.key_id.begin());
    std::copy_n(raw->begin() + kSeedAt, key.seed.size(), key.seed.begin());
    std::copy_n(raw->begin() + kPublicAt, key.public_key.size(), key.public_key.begin());
    const auto stored = std::span(*raw).subspan(kChecksumAt, 32);
    const bool has_checksum =
        std::any_of(stored.begin(), stored.end(), [](auto b) { return b != 0; });
    const Checksum computed = secret_key_checksum(key);
    if (has_checksum && !std::equal(stored.begin(), stored.end(), computed.begin()))
        return MinisignError{"the secret key's checksum does not match (damaged file?)"};
    const Pkey pkey = ed25519_from_seed(key.seed);
    const auto derived = pkey ? public_half(pkey.get()) : std::nullopt;
    if (!derived || *derived != key.public_key)
        return MinisignError{"the secret key's public half does not belong to it (damaged file?)"};
    return key;
}

MinisignResult<std::string> sign_minisign(const MinisignSecretKey& key,
                                          std::span<const std::uint8_t> message,
                                          std::string_view trusted_comment, MinisignVariant variant,
                                          std::string_view untrusted_comment) {
    if (trusted_comment.empty() || !is_minisign_comment(trusted_comment, kMaxTrustedCommentBytes))
        return MinisignError{
            "the trusted comment must be one non-empty line of at most 8173 bytes"};
    if (!is_minisign_comment(untrusted_comment, kMaxUntrustedCommentBytes))
        return MinisignError{"the untrusted comment must be one line of at most 1000 bytes"};
    const Pkey pkey = ed25519_from_seed(key.seed);
    const bool prehashed = variant == MinisignVariant::prehashed;
    const auto digest = prehashed ? crypto::blake2b_512(message) : std::nullopt;
    if (!pkey || (prehashed && !digest)) return MinisignError{"OpenSSL could not load the key"};
    const auto signature =
        ed25519_sign(pkey.get(), prehashed ? std::span<const std::uint8_t>(*digest) : message);
    if (!signature) return MinisignError{"OpenSSL could not sign"};
    Bytes global_input(signature->begin(), signature->end());
    global_input.insert(global_input.end(), trusted_comment.begin(), trusted_comment.end());
    const auto global = ed25519_sign(pkey.get(), global_input);
    if (!global) return MinisignError{"OpenSSL could not sign"};

    Bytes sig_struct = {'E', static_cast<std::uint8_t>(prehashed ? 'D' : 'd')};
    sig_struct.insert(sig_struct.end(), key.key_id.begin(), key.key_id.end());
    sig_struct.insert(sig_struct.end(), signature->begin(), signature->end());
    return comment_line(kCommentPrefix, untrusted_comment.empty()
                                            ? "signature from minisign secret key"
                                            : untrusted_comment) +
           base64_line(sig_struct) + comment_line(kTrustedPrefix, trusted_comment) +
           base64_line(*global);
}

}  // namespace roja::feed
