// The fixed part of one resource record (RFC 1035 4.1.3) and of the EDNS OPT pseudo-record
// (RFC 6891 6.1), read with bounds checks; shared by the query decoder and the reply walker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "daemon/wire/wire_name.hpp"
#include "filter/result.hpp"

namespace roja::wire {

struct RecordHeader {
    std::size_t owner = 0;  // offset of the owner name
    std::size_t ttl_offset = 0;
    std::size_t rdata = 0;  // offset of RDATA
    std::size_t next = 0;   // offset just past RDATA
    std::uint16_t type = 0;
    std::uint16_t klass = 0;
    std::uint32_t ttl = 0;
    std::uint16_t rdlength = 0;
    bool owner_is_root = false;
};

// Reads the record at `pos`; its owner may use backward compression. `owner_output` receives
// the owner name if asked for.
Result<RecordHeader> read_record(std::span<const std::uint8_t> message, std::size_t pos,
                                 NameOutput owner_output = {}) noexcept;

// What an OPT record says. udp_size is clamped to at least 512.
struct EdnsInfo {
    bool present = false;
    std::uint8_t version = 0;
    std::uint8_t extended_rcode = 0;  // upper 8 bits of a 12-bit rcode
    std::uint16_t udp_size = 0;
    bool dnssec_ok = false;
    bool has_extended_error = false;        // an EDE option (code 15) was sent
    bool has_client_subnet = false;         // ECS (code 8) was sent; Roja ignores its content
    std::uint16_t extended_error_code = 0;  // INFO-CODE of the first EDE option, if any
};

// Fills `edns` from an OPT record already read by read_record. Unknown options are skipped;
// an option that runs past RDATA is an error.
Result<void> read_opt(std::span<const std::uint8_t> message, const RecordHeader& opt,
                      EdnsInfo& edns) noexcept;

}  // namespace roja::wire
