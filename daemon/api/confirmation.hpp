// The written confirmation an authority asks for, per feed version: when it was received,
// verified and applied (and how long after its issue), by whose signature, which entries were
// applied and which were not and why, and until when it was in force. Built from the audit log
// (the record of what happened) and, for the entry table, the version's payloads while the
// state directory still keeps them (the version in force and the one before).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "filter/result.hpp"

namespace roja::api {

struct ConfirmedEntry {
    std::string list;
    std::string id;  // the entry's own id, else "<list>:<line>"
    std::string value;
    std::string type;
    std::uint32_t line = 0;
    bool is_applied = true;
    std::string reason;  // why not
};

struct Confirmation {
    boost::json::object summary;  // status, times, signers, lists, rejections (see docs/api.md)
    bool has_entries = false;     // the payloads were still in the state directory
    std::vector<ConfirmedEntry> entries;
};

// Nothing when the audit log has no record of the version. `state_dir` may be empty.
Result<std::optional<Confirmation>> confirm_version(const std::filesystem::path& audit_log,
                                                    const std::filesystem::path& state_dir,
                                                    const std::string& feed, std::uint64_t serial);

}  // namespace roja::api
