#include "daemon/feed/minisign_signature.hpp"

#include <algorithm>

#include "daemon/crypto/base64.hpp"
#include "daemon/feed/minisign_text.hpp"

namespace roja::feed {
namespace {

constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::size_t kSignatureBytes = 2 + 8 + 64;  // algorithm | key id | Ed25519 signature

FeedProblem bad_signature_file(std::string_view why) {
    return filter::feed_problem(FeedError::malformed_signature,
                                "minisign signature: " + std::string(why));
}

FeedResult<void> read_signature_line(std::string_view line, MinisignSignature& out) {
    const auto bytes = crypto::decode_base64(line);
    if (!bytes) return bad_signature_file("expected line 2 to be base64");
    if (bytes->size() != kSignatureBytes) return bad_signature_file("expected 74 bytes in line 2");
    if ((*bytes)[0] != 'E' || ((*bytes)[1] != 'd' && (*bytes)[1] != 'D'))
        return bad_signature_file("expected the algorithm \"Ed\" or \"ED\"");
    out.algorithm = (*bytes)[1] == 'D' ? MinisignAlgorithm::prehashed : MinisignAlgorithm::legacy;
    std::copy_n(bytes->begin() + 2, out.key_id.size(), out.key_id.begin());
    std::copy_n(bytes->begin() + 10, out.signature.size(), out.signature.begin());
    return {};
}

FeedResult<void> read_global_line(std::string_view line, MinisignSignature& out) {
    const auto bytes = crypto::decode_base64(line);
    if (!bytes) return bad_signature_file("expected line 4 to be base64");
    if (bytes->size() != out.global_signature.size())
        return bad_signature_file("expected 64 bytes in line 4");
    std::copy(bytes->begin(), bytes->end(), out.global_signature.begin());
    return {};
}

}  // namespace

FeedResult<MinisignSignature> parse_minisign_signature(std::string_view file_text) {
    if (file_text.size() > kMaxMinisignSignatureFile)
        return filter::feed_problem(FeedError::too_large,
                                    "minisign signature: expected at most 16 KiB");
    const auto lines = split_lines(file_text, 4);
    if (!lines) return bad_signature_file("expected exactly 4 lines, found more");
    if (lines->size() != 4)
        return bad_signature_file("expected exactly 4 lines, found " +
                                  std::to_string(lines->size()));
    if (!is_untrusted_comment((*lines)[0]))
        return bad_signature_file(
            "expected line 1 to start with \"untrusted comment: \" (at most 1024 bytes)");
    const std::string_view trusted = (*lines)[2];
    if (!trusted.starts_with(kTrustedPrefix) ||
        trusted.size() > kTrustedPrefix.size() + kMaxTrustedComment)
        return bad_signature_file(
            "expected line 3 to start with \"trusted comment: \" (at most 8192 bytes after it)");
    MinisignSignature signature;
    if (auto ok = read_signature_line((*lines)[1], signature); !ok) return ok.error();
    if (auto ok = read_global_line((*lines)[3], signature); !ok) return ok.error();
    signature.trusted_comment = trusted.substr(kTrustedPrefix.size());
    return signature;
}

}  // namespace roja::feed
