// A feed version that passed the checks of docs/feed.md up to its payloads, and the checks
// themselves: pure functions of bytes, so the updater, the start-up load of the last good
// version and `rojactl feed verify` decide alike.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/feed/feed_store.hpp"
#include "daemon/feed/signature_verifier.hpp"
#include "filter/feed_manifest.hpp"

namespace roja::feed {

struct VerifiedManifest {
    filter::FeedManifest manifest;
    std::vector<VerifiedSignature> signatures;
    std::string sha256;  // of the exact manifest bytes
};

struct FeedCandidate {
    FeedVersion version;  // the exact bytes: manifest, signatures, payloads by stored path
    VerifiedManifest verified;
    std::chrono::system_clock::time_point received_at{};  // manifest downloaded
    std::chrono::system_clock::time_point verified_at{};  // every payload checked

    // The payload of `list` (one of verified.manifest.lists); null if absent.
    const std::string* payload(const filter::FeedList& list) const;
};

// Where a list's payload lives in a stored version: its manifest path, or "url/<id>" for one
// the manifest names by URL.
std::string stored_payload_path(const filter::FeedList& list);

// Guards 2–4: the signature over the exact bytes (nothing unverified is parsed), the manifest,
// the feed id (not checked when `feed_id` is empty: `rojactl feed verify` without --feed).
filter::FeedResult<VerifiedManifest> verify_manifest(std::string_view manifest,
                                                     const SignatureFiles& signatures,
                                                     const TrustConfig& trust,
                                                     std::string_view feed_id);

enum class SerialVerdict { newer, unchanged };

// Guard 5. `applied` is the applied version's serial and manifest SHA-256 (none before the
// first), `highest` the highest serial ever stored. The same serial with the same bytes is
// `unchanged` (a server without validators); with other bytes, or a lower serial, it is
// serial_not_newer.
struct AppliedVersion {
    std::uint64_t serial = 0;
    std::string manifest_sha256;
};
filter::FeedResult<SerialVerdict> check_serial(const VerifiedManifest& candidate,
                                               const std::optional<AppliedVersion>& applied,
                                               std::optional<std::uint64_t> highest);

// Guard 6: manifest_expired once `now` reaches expires_at.
filter::FeedResult<void> check_expiry(const filter::FeedManifest& manifest,
                                      std::chrono::system_clock::time_point now);

// Guard 7: the byte count, then the SHA-256 the manifest gives.
filter::FeedResult<void> check_payload(const filter::FeedList& list, std::string_view bytes);

}  // namespace roja::feed
