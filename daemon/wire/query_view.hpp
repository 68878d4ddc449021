// A client's query decoded without allocation: header fields, the question (canonical text for
// matching, raw wire bytes for echoing 0x20 case exactly) and what its OPT record asks for.
// The view owns copies of everything, so the receive buffer may be reused at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/record_header.hpp"
#include "daemon/wire/wire_error.hpp"

namespace roja::wire {

// What the server should do with a query (see docs/wire.md for the cases).
enum class QueryStatus : std::uint8_t {
    ok,       // answer it
    drop,     // shorter than a header, or QR set: never answer
    formerr,  // header readable, rest malformed: FORMERR with the original ID
    notimp,   // opcode other than QUERY
    badvers,  // EDNS version above 0
};

struct QueryView {
    QueryStatus status = QueryStatus::drop;
    WireError reason{};  // why, when status is formerr (for logs and counters)
    std::uint16_t id = 0;
    std::uint16_t flags = 0;    // the raw second header word
    bool has_question = false;  // the question is valid and may be echoed
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
    EdnsInfo edns;

    std::uint8_t opcode() const noexcept { return static_cast<std::uint8_t>((flags >> 11) & 0xF); }
    bool rd() const noexcept { return (flags & flag::kRd) != 0; }
    bool cd() const noexcept { return (flags & flag::kCd) != 0; }
    // Canonical text (filter/domain_name.hpp) of the query name: what policy matches.
    std::string_view qname() const noexcept { return {name_text_.data(), name_text_length_}; }
    // The query name exactly as the client spelled it, uncompressed.
    std::span<const std::uint8_t> qname_wire() const noexcept {
        return {name_wire_.data(), name_wire_length_};
    }
    // Largest UDP answer this client takes, capped at our own limit (RFC 6891 6.2.5).
    std::size_t udp_answer_limit(std::uint16_t our_limit = kDefaultUdpPayload) const noexcept;

    std::array<char, kMaxNameChars> name_text_{};
    std::array<std::uint8_t, kMaxNameOctets> name_wire_{};
    std::size_t name_text_length_ = 0;
    std::size_t name_wire_length_ = 0;
};

// Decodes `packet` into `out` (reset first). Never throws, never allocates.
void decode_query(std::span<const std::uint8_t> packet, QueryView& out) noexcept;

}  // namespace roja::wire
