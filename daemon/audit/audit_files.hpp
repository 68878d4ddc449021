// The files of one audit chain: the current file (audit.jsonl) and the rotated ones beside it,
// named by the sequence number of their first record (audit-000000000001.jsonl), so that name
// order is chain order and a reader looking for records after SEQ can skip whole files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "filter/result.hpp"

namespace roja::audit {

struct AuditFile {
    std::filesystem::path path;
    std::uint64_t first_seq = 0;  // from the name; 0 for the current file (unknown until read)
};

// Rotated files oldest first, then `current` (if it exists).
std::vector<AuditFile> audit_files(const std::filesystem::path& current);

// The name a file whose first record is `first_seq` gets when it is rotated out.
std::filesystem::path rotated_name(const std::filesystem::path& current, std::uint64_t first_seq);

struct AuditPage {
    std::vector<std::string> lines;  // exact record lines (no line end), in chain order
    std::uint64_t last_seq = 0;      // seq of the last line returned (the `after` of the next page)
    bool has_more = false;           // records after these exist
};

// Up to `limit` records with seq > `after`, read from the chain's files.
Result<AuditPage> read_audit_after(const std::filesystem::path& current, std::uint64_t after,
                                   std::size_t limit);

}  // namespace roja::audit
