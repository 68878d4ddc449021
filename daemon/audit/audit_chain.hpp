// Checks an audit log's hash chain (docs/audit.md): each line a record whose seq is one above the
// previous one's and whose prev is the SHA-256 of the previous line. I/O-free: the caller reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/audit/audit_log.hpp"

namespace roja::audit {

struct ChainBreak {
    std::uint64_t line = 0;  // 1-based line of the first bad record
    std::string reason;      // "prev does not match the previous record's SHA-256", ...
};

struct ChainCheck {
    std::uint64_t records = 0;              // good records before the break (or all)
    std::uint64_t last_seq = 0;             // seq of the last good record
    std::string last_hash{kGenesisHash};    // SHA-256 of the last good line: the next file's prev
    std::optional<ChainBreak> first_break;  // empty: the chain holds
};

// `text` is one file of the log; `start` continues a chain from an earlier file (rotation):
// its last_seq and last_hash are what the first record here must follow. The first file of a
// chain starts from seq 0 and the genesis hash.
ChainCheck check_audit_chain(std::string_view text, const ChainCheck& start = {});

}  // namespace roja::audit
