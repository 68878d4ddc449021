#include "daemon/feed/minisign_key.hpp"

#include <algorithm>

#include "daemon/crypto/base64.hpp"
#include "daemon/feed/minisign_text.hpp"

namespace roja::feed {
namespace {

constexpr std::size_t kKeyBytes = 2 + 8 + 32;  // "Ed" | key id | Ed25519 key

FeedProblem bad_key(std::string_view why) {
    return filter::feed_problem(FeedError::malformed_key,
                                "minisign public key: " + std::string(why));
}

}  // namespace

bool is_untrusted_comment(std::string_view line) noexcept {
    return line.size() <= kMaxUntrustedComment && line.starts_with("untrusted comment: ");
}

FeedResult<MinisignPublicKey> parse_minisign_public_key(std::string_view file_text) {
    if (file_text.size() > kMaxMinisignKeyFile) return bad_key("expected at most 4 KiB");
    const auto lines = split_lines(file_text, 2);
    if (!lines || lines->empty()) return bad_key("expected a comment line and a base64 line");
    if (lines->size() == 2 && !is_untrusted_comment(lines->front()))
        return bad_key("expected the first line to start with \"untrusted comment: \"");
    const auto bytes = crypto::decode_base64(lines->back());
    if (!bytes) return bad_key("expected the key line to be base64");
    if (bytes->size() != kKeyBytes) return bad_key("expected 42 bytes in the key line");
    if ((*bytes)[0] != 'E' || (*bytes)[1] != 'd')
        return bad_key("expected the Ed25519 algorithm \"Ed\"");
    MinisignPublicKey key;
    std::copy_n(bytes->begin() + 2, key.key_id.size(), key.key_id.begin());
    std::copy_n(bytes->begin() + 10, key.key.size(), key.key.begin());
    return key;
}

}  // namespace roja::feed
