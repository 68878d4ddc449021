// A trusted minisign public key (Ed25519) as `minisign -G` writes it (docs/feed.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/feed/minisign_text.hpp"
#include "filter/feed_problem.hpp"

namespace roja::feed {

using filter::FeedError;
using filter::FeedProblem;
using filter::FeedResult;

inline constexpr std::size_t kMaxMinisignKeyFile = 4 * 1024;
inline constexpr std::size_t kMaxUntrustedComment = 1024;

struct MinisignPublicKey {
    MinisignKeyId key_id{};
    std::array<std::uint8_t, 32> key{};
};

// The two-line key file ("untrusted comment: ..." then base64), or the base64 line alone.
// Errors are FeedError::malformed_key with the reason.
FeedResult<MinisignPublicKey> parse_minisign_public_key(std::string_view file_text);

// Whether `line` is "untrusted comment: ..." within the length limit.
bool is_untrusted_comment(std::string_view line) noexcept;

}  // namespace roja::feed
