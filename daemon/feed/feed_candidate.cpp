#include "daemon/feed/feed_candidate.hpp"

#include "daemon/crypto/sha256.hpp"
#include "filter/utc_time.hpp"

namespace roja::feed {

using filter::feed_problem;
using filter::FeedError;

const std::string* FeedCandidate::payload(const filter::FeedList& list) const {
    const std::string path = stored_payload_path(list);
    for (const StoredFile& file : version.payloads)
        if (file.path == path) return &file.bytes;
    return nullptr;
}

std::string stored_payload_path(const filter::FeedList& list) {
    return list.path.empty() ? "url/" + list.id : list.path;
}

filter::FeedResult<VerifiedManifest> verify_manifest(std::string_view manifest,
                                                     const SignatureFiles& signatures,
                                                     const TrustConfig& trust,
                                                     std::string_view feed_id) {
    if (manifest.size() > filter::kMaxManifestBytes)
        return feed_problem(FeedError::too_large, "manifest.json is larger than 4 MiB");
    const auto bytes =
        std::span(reinterpret_cast<const std::uint8_t*>(manifest.data()), manifest.size());
    auto verified = verify_manifest_signature(bytes, signatures, trust);
    if (!verified) return verified.error();
    auto parsed = filter::parse_feed_manifest(manifest);
    if (!parsed) return parsed.error();
    if (!feed_id.empty() && parsed->feed != feed_id)
        return feed_problem(FeedError::feed_mismatch, "the manifest is for feed \"" + parsed->feed +
                                                          "\", this feed is \"" +
                                                          std::string(feed_id) + "\"");
    return VerifiedManifest{std::move(*parsed), std::move(*verified), crypto::sha256_hex(manifest)};
}

filter::FeedResult<SerialVerdict> check_serial(const VerifiedManifest& candidate,
                                               const std::optional<AppliedVersion>& applied,
                                               std::optional<std::uint64_t> highest) {
    const std::uint64_t serial = candidate.manifest.serial;
    if (applied && serial == applied->serial) {
        if (candidate.sha256 == applied->manifest_sha256) return SerialVerdict::unchanged;
        return feed_problem(
            FeedError::serial_not_newer,
            "serial " + std::to_string(serial) + " is the applied one, but the manifest differs");
    }
    // At the highest stored serial but above the applied one: a version whose store was cut
    // short by a crash, delivered again. The store accepts exactly that.
    const bool above_applied = !applied || serial > applied->serial;
    const bool at_least_highest = !highest || serial >= *highest;
    if (above_applied && at_least_highest) return SerialVerdict::newer;
    const std::uint64_t floor = std::max(highest.value_or(0), applied ? applied->serial : 0);
    return feed_problem(FeedError::serial_not_newer,
                        "serial " + std::to_string(serial) + " is not above " +
                            std::to_string(floor) + ", the highest already applied (a rollback)");
}

filter::FeedResult<void> check_expiry(const filter::FeedManifest& manifest,
                                      std::chrono::system_clock::time_point now) {
    if (now < manifest.expires_at) return {};
    return feed_problem(FeedError::manifest_expired, "the manifest expired at " +
                                                         filter::format_utc(manifest.expires_at) +
                                                         "; the publisher has not renewed it");
}

filter::FeedResult<void> check_payload(const filter::FeedList& list, std::string_view bytes) {
    if (bytes.size() != list.size)
        return feed_problem(FeedError::payload_size_mismatch,
                            "list " + list.id + ": " + std::to_string(bytes.size()) +
                                " bytes, the manifest says " + std::to_string(list.size));
    if (const std::string hash = crypto::sha256_hex(bytes); hash != list.sha256)
        return feed_problem(
            FeedError::payload_hash_mismatch,
            "list " + list.id + ": SHA-256 " + hash + ", the manifest says " + list.sha256);
    return {};
}

}  // namespace roja::feed
