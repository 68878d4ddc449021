// The publisher's half of minisign (https://jedisct1.github.io/minisign/), with OpenSSL 3 instead
// of libsodium: key pairs, unencrypted secret key files as `minisign -G -W` writes them, and
// signatures (`minisign -S`, prehashed "ED" by default, legacy "Ed" on request).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include "daemon/feed/minisign_text.hpp"

namespace roja::feed {

// Failures carry a sentence for the operator: this runs in rojactl, never on the query path.
struct MinisignError {
    // From a literal only: were it constructible from std::string, result<std::string, ...>
    // could not tell a signature file from an error.
    MinisignError() = default;
    explicit MinisignError(const char* text) : message(text) {}
    std::string message;
};
[[noreturn]] inline void throw_exception_from_error(const MinisignError& error,
                                                    const boost::source_location&) {
    throw std::runtime_error(error.message);
}
template <class T>
using MinisignResult = boost::system::result<T, MinisignError>;

struct MinisignSecretKey {
    MinisignKeyId key_id{};               // random; names the key in .pub and .minisig files
    std::array<std::uint8_t, 32> seed{};  // the Ed25519 private key (RFC 8032)
    std::array<std::uint8_t, 32> public_key{};
};

// "ED": Ed25519 over BLAKE2b-512 of the message (minisign's default since 0.8, any size);
// "Ed": Ed25519 over the message itself.
enum class MinisignVariant { prehashed, legacy };

MinisignResult<MinisignSecretKey> generate_minisign_key();

// The whole .pub / secret key file. An empty comment gives minisign's own wording. The comment
// must satisfy is_minisign_comment(comment, kMaxUntrustedCommentBytes).
std::string format_minisign_public_key(const MinisignSecretKey& key, std::string_view comment);
std::string format_minisign_secret_key(const MinisignSecretKey& key, std::string_view comment);

// Reads an unencrypted secret key file (ours or `minisign -G -W`'s). Checks the algorithms, the
// checksum when there is one (`minisign -W` writes zeros) and that the stored public key belongs
// to the seed. A password-protected key is refused with a hint.
MinisignResult<MinisignSecretKey> parse_minisign_secret_key(std::string_view file_text);

// The whole .minisig file for `message`. Both comments must be one line; an empty untrusted
// comment gives minisign's wording. The trusted comment is signed too (the "global signature").
MinisignResult<std::string> sign_minisign(const MinisignSecretKey& key,
                                          std::span<const std::uint8_t> message,
                                          std::string_view trusted_comment, MinisignVariant variant,
                                          std::string_view untrusted_comment = {});

}  // namespace roja::feed
