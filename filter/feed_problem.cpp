#include "filter/feed_problem.hpp"

#include <stdexcept>

namespace roja::filter {

std::string_view feed_error_name(FeedError error) noexcept {
    switch (error) {
        case FeedError::too_large:
            return "too_large";
        case FeedError::missing_signature:
            return "missing_signature";
        case FeedError::malformed_signature:
            return "malformed_signature";
        case FeedError::malformed_key:
            return "malformed_key";
        case FeedError::unknown_key:
            return "unknown_key";
        case FeedError::bad_signature:
            return "bad_signature";
        case FeedError::untrusted_signer:
            return "untrusted_signer";
        case FeedError::signer_mismatch:
            return "signer_mismatch";
        case FeedError::signing_time_invalid:
            return "signing_time_invalid";
        case FeedError::malformed_manifest:
            return "malformed_manifest";
        case FeedError::feed_mismatch:
            return "feed_mismatch";
        case FeedError::serial_not_newer:
            return "serial_not_newer";
        case FeedError::manifest_expired:
            return "manifest_expired";
        case FeedError::payload_size_mismatch:
            return "payload_size_mismatch";
        case FeedError::payload_hash_mismatch:
            return "payload_hash_mismatch";
        case FeedError::entry_count_mismatch:
            return "entry_count_mismatch";
        case FeedError::list_size_ratio:
            return "list_size_ratio";
        case FeedError::malformed_payload:
            return "malformed_payload";
        case FeedError::fetch_failed:
            return "fetch_failed";
        case FeedError::store_failed:
            return "store_failed";
        case FeedError::state_build_failed:
            return "state_build_failed";
    }
    return "unknown";
}

void throw_exception_from_error(const FeedProblem& problem, const boost::source_location&) {
    throw std::runtime_error(std::string(feed_error_name(problem.error)) + ": " + problem.detail);
}

}  // namespace roja::filter
