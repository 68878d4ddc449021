// Why a feed version was not accepted: a kind (a metric label) and a precise reason (the log line).
// Shared by the manifest parser here and the signature checks and updater in daemon/feed.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>
#include <string>
#include <string_view>

namespace roja::filter {

// The guards of docs/feed.md, in checking order.
enum class FeedError {
    too_large = 1,          // manifest or signature file over its size cap
    missing_signature,      // no signature that the configured trust can check
    malformed_signature,    // a .minisig or .p7s that does not parse
    malformed_key,          // a trusted key or CA bundle that does not parse
    unknown_key,            // minisign key id not among the trusted keys
    bad_signature,          // the cryptographic check failed (bytes or trusted comment changed)
    untrusted_signer,       // the CMS signer certificate does not chain to the configured CA
    signer_mismatch,        // the CMS signer subject differs from the pinned one
    signing_time_invalid,   // CMS signingTime missing or outside the signer's validity
    malformed_manifest,     // the manifest JSON or one of its fields is wrong
    feed_mismatch,          // the manifest's feed id is not the configured one
    serial_not_newer,       // serial not above the last applied one
    manifest_expired,       // expires_at has passed
    payload_size_mismatch,  // a payload's byte count differs from the manifest
    payload_hash_mismatch,  // a payload's SHA-256 differs from the manifest
    entry_count_mismatch,   // a parsed payload has another entry count than the manifest says
    list_size_ratio,        // a list shrank or grew past the configured ratio
    malformed_payload,      // a payload that cannot be parsed at all (a CSV without its header)
    fetch_failed,           // a file of the version could not be downloaded (see the fetch outcome)
    store_failed,           // the verified version could not be persisted (disk full, permissions)
    state_build_failed,     // the policy could not be built for another reason (a configured list)
};

// "bad_signature": stable, low-cardinality, fit for metric labels and audit records.
std::string_view feed_error_name(FeedError error) noexcept;

struct FeedProblem {
    FeedError error;
    std::string detail;  // "lists[2].sha256: expected 64 lower-case hex digits"
};

template <class T>
using FeedResult = boost::system::result<T, FeedProblem>;

inline FeedProblem feed_problem(FeedError error, std::string detail) {
    return FeedProblem{error, std::move(detail)};
}

// Only reached through result::value() on an error, which Roja's code does not call.
[[noreturn]] void throw_exception_from_error(const FeedProblem& problem,
                                             const boost::source_location& location);

}  // namespace roja::filter
