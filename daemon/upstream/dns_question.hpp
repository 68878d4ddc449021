// The little DNS parsing the forwarder needs on its own: header fields at fixed offsets and the
// single question right after the header, to validate replies and to key coalesced queries.
#pragma once

#include "filter/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace roja::upstream {

inline constexpr std::size_t kDnsHeaderSize = 12;

// A view into a message: the question's owner name in wire form (uncompressed labels ending in
// the root label) and its type and class.
struct DnsQuestion {
    std::span<const std::uint8_t> qname;
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
    std::size_t end = 0;  // offset just past the question
};

enum class ReplyVerdict {
    accept,     // from the expected exchange, answers our question
    forged,     // wrong ID or another question: someone else's packet or a spoofing attempt
    malformed,  // cannot be a DNS reply at all
};

std::uint16_t message_id(std::span<const std::uint8_t> msg) noexcept;
void set_message_id(std::span<std::uint8_t> msg, std::uint16_t id) noexcept;
bool is_truncated(std::span<const std::uint8_t> msg) noexcept;
std::uint8_t rcode(std::span<const std::uint8_t> msg) noexcept;

// QDCOUNT must be 1 and the name uncompressed (a compression pointer → error).
Result<DnsQuestion> parse_question(std::span<const std::uint8_t> msg) noexcept;

// Names compared ASCII-case-insensitively (0x20 mixed case is legal), type and class exactly.
bool same_question(const DnsQuestion& a, const DnsQuestion& b) noexcept;

// Judges a reply against the query we sent (whose ID is `id` and question `question`).
ReplyVerdict check_reply(std::span<const std::uint8_t> reply, std::uint16_t id,
                         const DnsQuestion& question) noexcept;

// Identical queries share one upstream query: lower-cased qname, qtype, qclass, RD, CD and the
// EDNS DO bit. Errors as parse_question, or a malformed record after the question.
Result<std::string> coalescing_key(std::span<const std::uint8_t> query);

}  // namespace roja::upstream
