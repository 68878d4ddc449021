// Fuzzes the minisign public key and signature file parsers, then verification of whatever
// parses against a fixed trusted key and message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/feed/minisign_verify.hpp"

namespace {

// The key that signed the seed corpus (tests/fuzz/corpus/minisign).
constexpr std::string_view kSeedKey = "RWT1ItDYY5zIn5gEX+5CmY+RxzSXWXQYPC7IlUIbn4Ip5+NNbftMBuuv";
constexpr std::string_view kSeedMessage = "{\"format\": \"roja-feed/1\"}\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::feed;
    static const MinisignPublicKey trusted = *parse_minisign_public_key(kSeedKey);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto key = parse_minisign_public_key(text);
    if (!key && key.error().detail.empty()) std::abort();
    const auto signature = parse_minisign_signature(text);
    if (!signature) return 0;
    const MinisignPublicKey keys[] = {trusted};
    const std::span<const std::uint8_t> message(
        reinterpret_cast<const std::uint8_t*>(kSeedMessage.data()), kSeedMessage.size());
    const auto verified = verify_minisign(message, *signature, keys);
    if (verified && verified->trusted_comment != signature->trusted_comment) std::abort();
    return 0;
}
