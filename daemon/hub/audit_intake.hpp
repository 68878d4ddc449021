// A page of a node's audit log checked against what the hub already holds of it, before any of
// it is stored. I/O-free. The hub asks for the records after (its last seq − 1), so the page's
// first line must be the very record it holds last (same hash: the node has not rewritten its
// tip), and every line after it must continue the chain (audit::check_audit_chain); each signed
// checkpoint is verified with the node's key (audit::verify_audit_files).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/audit/audit_log.hpp"
#include "daemon/audit/checkpoint_key.hpp"

namespace roja::hub {

// The last record the hub holds of a node's chain (seq 0: none yet).
struct NodeTail {
    std::uint64_t seq = 0;
    std::string hash{audit::kGenesisHash};
};

struct TakenRecord {
    std::uint64_t seq = 0;
    std::string time, type, line, hash, prev;
};

// A feed version an audit record names (feed_applied, feed_rejected).
struct FeedMention {
    std::string feed;
    std::uint64_t serial = 0;
    std::string issued_at;  // empty when the record does not say (a rejection before verifying)
};

struct CheckpointSeen {
    std::uint64_t seq = 0, signed_seq = 0;
    std::string key_id;
    bool is_verified = false;  // with the node's key
};

struct AuditIntake {
    std::vector<TakenRecord> records;  // the new ones, in order
    std::vector<FeedMention> versions;
    std::vector<CheckpointSeen> checkpoints;
    std::optional<std::string> broken;  // why the page does not continue the stored chain
    std::uint64_t last_seq = 0;         // of the page (the tail's when nothing is new)
};

// The `after` to ask for so the page starts with the tail's own record.
std::uint64_t page_after(const NodeTail& tail) noexcept;

// `page` is the exact JSON lines (format=jsonl) after page_after(tail). `key` null: checkpoints
// are checked for what they sign only.
AuditIntake take_audit_page(std::string_view page, const NodeTail& tail,
                            const audit::CheckpointVerifier* key);

}  // namespace roja::hub
