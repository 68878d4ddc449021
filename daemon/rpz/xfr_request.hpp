// A query to the RPZ listener, parsed from the bytes of one TCP message: SOA, AXFR or IXFR for
// a zone (IXFR's SOA in the authority section gives the client's serial), NOTIFY answers later,
// and the TSIG record (RFC 8945) if it is the last additional record. Every length is checked;
// malformed input is a typed failure, never an exception.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "daemon/wire/dns_constants.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

inline constexpr std::uint16_t kTypeTsig = 250;
inline constexpr std::uint16_t kClassAny = 255;

struct TsigRecord {
    std::string key_name;           // canonical text
    std::string algorithm;          // canonical text ("hmac-sha256")
    std::uint64_t time_signed = 0;  // 48 bits
    std::uint16_t fudge = 0;
    std::span<const std::uint8_t> mac;
    std::uint16_t original_id = 0;
    std::uint16_t error = 0;
    std::span<const std::uint8_t> other;
    std::size_t offset = 0;  // where the TSIG record starts in the message
};

struct XfrRequest {
    std::uint16_t id = 0;
    std::uint8_t opcode = 0;
    bool is_response = false;
    std::string zone;  // the question's name, canonical text
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;
    std::optional<std::uint32_t> client_serial;  // IXFR: the serial the client has
    std::optional<TsigRecord> tsig;
    std::uint16_t additional = 0;  // ARCOUNT as received
};

// `message` is one DNS message (without the TCP length prefix); views in the result point into it.
Result<XfrRequest> parse_xfr_request(std::span<const std::uint8_t> message);

}  // namespace roja::rpz
