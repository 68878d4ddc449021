#include "daemon/cache/cacheable.hpp"

namespace roja::cache {
namespace {
constexpr std::size_t kHeaderSize = 12;
constexpr std::uint8_t kQrBit = 0x80;
constexpr std::uint8_t kOpcodeMask = 0x78;
constexpr std::uint8_t kTcBit = 0x02;
constexpr std::uint8_t kRcodeMask = 0x0f;
constexpr std::uint8_t kRcodeNoError = 0;
constexpr std::uint8_t kRcodeNxDomain = 3;
}  // namespace

bool is_cacheable_reply(std::span<const std::uint8_t> message) noexcept {
    if (message.size() < kHeaderSize) return false;
    const std::uint8_t flags_high = message[2];
    const std::uint8_t rcode = message[3] & kRcodeMask;
    return (flags_high & kQrBit) != 0 && (flags_high & kOpcodeMask) == 0 &&
           (flags_high & kTcBit) == 0 && (rcode == kRcodeNoError || rcode == kRcodeNxDomain);
}

}  // namespace roja::cache
