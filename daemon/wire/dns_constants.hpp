// DNS numbers the wire codec needs (RFC 1035, 6891, 8914): types, classes, rcodes, flag bits
// and size limits, in one place so the decoder, writer and walker agree on them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace roja::wire {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxLabelOctets = 63;
inline constexpr std::size_t kMaxNameOctets = 255;         // wire form, root label included
inline constexpr std::size_t kMaxNameChars = 1024;         // canonical text: 255 octets as "\DDD"
inline constexpr std::size_t kMaxMessageSize = 65535;      // TCP
inline constexpr std::uint16_t kMinUdpPayload = 512;       // RFC 6891: smaller values mean 512
inline constexpr std::uint16_t kDefaultUdpPayload = 1232;  // DNS flag day 2020
inline constexpr std::size_t kOptFixedSize = 11;           // root owner, type, class, ttl, rdlength

namespace type {
inline constexpr std::uint16_t kA = 1;
inline constexpr std::uint16_t kNs = 2;
inline constexpr std::uint16_t kCname = 5;
inline constexpr std::uint16_t kSoa = 6;
inline constexpr std::uint16_t kAaaa = 28;
inline constexpr std::uint16_t kOpt = 41;
}  // namespace type

inline constexpr std::uint16_t kClassIn = 1;

namespace opcode {
inline constexpr std::uint8_t kQuery = 0;
}

// Response codes; values above 15 need the OPT record's extended bits.
enum class Rcode : std::uint16_t {
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NxDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
};

// Header flag bits in the second 16-bit word.
namespace flag {
inline constexpr std::uint16_t kQr = 0x8000;
inline constexpr std::uint16_t kAa = 0x0400;
inline constexpr std::uint16_t kTc = 0x0200;
inline constexpr std::uint16_t kRd = 0x0100;
inline constexpr std::uint16_t kRa = 0x0080;
inline constexpr std::uint16_t kAd = 0x0020;
inline constexpr std::uint16_t kCd = 0x0010;
inline constexpr std::uint16_t kOpcodeMask = 0x7800;
inline constexpr std::uint16_t kRcodeMask = 0x000f;
}  // namespace flag

inline constexpr std::uint32_t kEdnsDoBit = 0x8000;  // in the OPT TTL's low 16 bits

namespace option {
inline constexpr std::uint16_t kClientSubnet = 8;
inline constexpr std::uint16_t kExtendedError = 15;
}  // namespace option

// RFC 8914 INFO-CODEs Roja sends.
namespace ede {
inline constexpr std::uint16_t kOther = 0;
inline constexpr std::uint16_t kBlocked = 15;
inline constexpr std::uint16_t kCensored = 16;
inline constexpr std::uint16_t kFiltered = 17;
inline constexpr std::uint16_t kProhibited = 18;
inline constexpr std::uint16_t kNoReachableAuthority = 22;
inline constexpr std::uint16_t kNetworkError = 23;
}  // namespace ede

}  // namespace roja::wire
