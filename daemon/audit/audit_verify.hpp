// `rojactl audit verify`: the chain over the files in order (each file's first record follows the
// last of the one before), and every audit_checkpoint: it must sign the record before it, and
// with a public key its Ed25519 signature must hold. Names the first bad record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/audit/checkpoint_key.hpp"

namespace roja::audit {

struct AuditFileText {
    std::string name;  // for messages ("audit.jsonl")
    std::string text;
};

struct AuditVerification {
    std::uint64_t records = 0;
    std::uint64_t first_seq = 0, last_seq = 0;
    std::uint64_t checkpoints = 0, checkpoints_verified = 0;
    bool starts_at_genesis = true;       // false: the first file is not the chain's first
    std::optional<std::string> failure;  // "audit.jsonl:12: seq 12: prev does not match ..."
};

// `key` null: checkpoints are checked for what they sign, not for their signature.
AuditVerification verify_audit_files(const std::vector<AuditFileText>& files,
                                     const CheckpointVerifier* key);

}  // namespace roja::audit
