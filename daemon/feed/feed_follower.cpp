#include "daemon/feed/feed_follower.hpp"

#include "daemon/feed/feed_store_files.hpp"
#include "daemon/feed/feed_trust.hpp"
#include "daemon/log/log.hpp"
#include "filter/feed_list_sizes.hpp"
#include "filter/utc_time.hpp"

namespace roja::feed {

namespace {

constexpr std::size_t kMaxMinisigBytes = std::size_t{16} * 1024;
constexpr std::size_t kMaxP7sBytes = std::size_t{1024} * 1024;

using filter::feed_problem;
using filter::FeedError;

FeedStore open_store(const std::filesystem::path& state_dir, const std::string& feed_id) {
    FeedStore store(state_dir, feed_id);
    if (auto loaded = store.load(); !loaded)
        throw std::runtime_error("feed " + feed_id + ": state directory " +
                                 store.directory().string() + ": " + loaded.error().message());
    return store;
}

filter::ListSizeLimits size_limits(const config::FeedConfig& config) {
    return {config.max_shrink_percent, config.max_growth_percent, config.ratio_min_entries};
}

}  // namespace

FeedFollower::FeedFollower(config::FeedConfig config, const std::filesystem::path& state_dir,
                           audit::AuditLog* audit, const std::atomic<bool>* cancel, Clock clock)
    : config_(std::move(config)),
      trust_(load_feed_trust(config_)),
      store_(open_store(state_dir, config_.id)),
      source_(config_, cancel),
      clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }),
      random_(std::random_device{}()),
      recorder_(config_, store_.directory() / "status.json", audit, clock_) {}

std::shared_ptr<const FeedCandidate> FeedFollower::load_last_good() {
    auto stored = store_.last_good();
    if (!stored || !*stored) {
        if (!stored)
            recorder_.last_good_refused("cannot read the state directory: " +
                                        stored.error().message());
        else
            recorder_.no_last_good();
        recorder_.write_status();
        return nullptr;
    }
    auto candidate = std::make_shared<FeedCandidate>();
    candidate->version = std::move(**stored);
    if (auto checked = verify_stored(*candidate); !checked) {
        recorder_.last_good_refused(checked.error().detail);
        recorder_.write_status();
        return nullptr;
    }
    candidate->received_at = candidate->verified_at = clock_();
    current_ = candidate;
    recorder_.last_good_loaded(*candidate);
    recorder_.check_stale(*candidate);
    recorder_.write_status();
    return candidate;
}

filter::FeedResult<void> FeedFollower::verify_stored(FeedCandidate& candidate) const {
    const FeedVersion& version = candidate.version;
    auto verified =
        verify_manifest(version.manifest, {version.minisig, version.p7s}, trust_, config_.id);
    if (!verified)
        return feed_problem(verified.error().error,
                            std::string(filter::feed_error_name(verified.error().error)) + ": " +
                                verified.error().detail);
    candidate.verified = std::move(*verified);
    for (const filter::FeedList& list : candidate.verified.manifest.lists) {
        const std::string* payload = candidate.payload(list);
        if (!payload)
            return feed_problem(FeedError::payload_hash_mismatch,
                                "list " + list.id + ": payload missing from the state directory");
        if (auto checked = check_payload(list, *payload); !checked) return checked.error();
    }
    return {};
}

void FeedFollower::note_loaded(const std::vector<FeedListLoad>& loads) {
    recorder_.loaded(loads);
    recorder_.write_status();
}

void FeedFollower::reject(const filter::FeedProblem& problem, const Download& download) {
    recorder_.rejected(problem, download.manifest,
                       download.verified ? &*download.verified : nullptr, current_.get());
}

FetchResult FeedFollower::fetch(std::string_view where, std::size_t max_bytes,
                                const Validators* conditional, const RetryWait& wait) {
    RetryPolicy policy;
    policy.max_attempts = config_.attempts;
    return fetch_with_retries([&] { return source_.fetch(where, max_bytes, conditional); }, policy,
                              random_, wait);
}

// A poll is a chain of stages; each may stop it, and every stop is recorded by recorder_:
//   fetch    the manifest (conditional GET) and the signature files this feed trusts;
//   verify   the signature over the exact bytes before any parsing, then the manifest, feed id,
//            serial (only up), expiry and list-size bounds: nothing is downloaded for a version
//            that cannot be applied;
//   fetch    each payload, capped at the size the signed manifest gives, its hash checked;
//   build    the new policy off the hot path (the apply callback, feed_apply.hpp);
//   persist  the version as last good in the state directory, then
//   swap     the policy in. Persist comes before swap so that what is enforced is always what a
//            restart would enforce: a version that cannot be stored is rejected, not half-applied;
//   record   the outcome: status, one log line, an audit record.
void FeedFollower::poll(const ApplyVersion& apply, const RetryWait& wait) {
    recorder_.poll_started();
    Download download;
    if (fetch_manifest(download, wait) == Step::go_on && check_manifest(download) == Step::go_on &&
        fetch_payloads(download, wait) == Step::go_on)
        apply_version(download, apply);
    if (current_) recorder_.check_stale(*current_);
    recorder_.write_status();
}

FeedFollower::Step FeedFollower::fetch_manifest(Download& download, const RetryWait& wait) {
    // Conditional only while the manifest in force is what the source last gave: after a
    // rejection the same bytes are fetched and judged again rather than taken as unchanged.
    const bool conditional = current_ && !recorder_.is_rejecting();
    FetchResult manifest = fetch("manifest.json", filter::kMaxManifestBytes,
                                 conditional ? &validators_ : nullptr, wait);
    if (manifest.outcome == FetchOutcome::not_modified) {
        recorder_.unchanged("not_modified");
        return Step::done;
    }
    if (manifest.outcome == FetchOutcome::too_large) {
        reject(feed_problem(FeedError::too_large, "manifest.json is larger than 4 MiB"), download);
        return Step::done;
    }
    if (!manifest.is_ok()) {
        recorder_.fetch_failed("manifest.json", manifest);
        return Step::done;
    }
    download.manifest = std::move(manifest.body);
    download.validators = {std::move(manifest.etag), std::move(manifest.last_modified)};
    download.candidate = std::make_shared<FeedCandidate>();
    download.candidate->received_at = clock_();
    // Only the kinds of signature this feed trusts are fetched; a missing one is "absent" (the
    // verifier then decides whether what is left is enough), any other failure stops the poll.
    struct SignatureFile {
        bool is_trusted;
        const char* name;
        std::size_t max_bytes;
        std::optional<std::string>& into;
    };
    const SignatureFile files[] = {
        {!trust_.minisign_keys.empty(), "manifest.json.minisig", kMaxMinisigBytes,
         download.signatures.minisig},
        {trust_.cms.has_value(), "manifest.json.p7s", kMaxP7sBytes, download.signatures.p7s}};
    for (const SignatureFile& file : files) {
        if (!file.is_trusted) continue;
        FetchResult signature = fetch(file.name, file.max_bytes, nullptr, wait);
        if (signature.outcome == FetchOutcome::http_error && signature.http_status == 404) continue;
        if (signature.outcome == FetchOutcome::too_large) {
            reject(feed_problem(FeedError::too_large,
                                std::string(file.name) + " is over its size cap"),
                   download);
            return Step::done;
        }
        if (!signature.is_ok()) {
            recorder_.fetch_failed(file.name, signature);
            return Step::done;
        }
        file.into = std::move(signature.body);
    }
    return Step::go_on;
}

FeedFollower::Step FeedFollower::check_manifest(Download& download) {
    auto verified = verify_manifest(download.manifest, download.signatures, trust_, config_.id);
    if (!verified) {
        reject(verified.error(), download);
        return Step::done;
    }
    download.verified = std::move(*verified);
    const filter::FeedManifest& manifest = download.verified->manifest;
    std::optional<AppliedVersion> applied;
    if (current_)
        applied = AppliedVersion{current_->verified.manifest.serial, current_->verified.sha256};
    const auto serial = check_serial(*download.verified, applied, store_.highest_serial());
    if (serial && *serial == SerialVerdict::unchanged) {
        validators_ = download.validators;
        recorder_.unchanged("unchanged");
        return Step::done;
    }
    filter::FeedResult<void> guard =
        serial ? check_expiry(manifest, clock_()) : filter::FeedResult<void>(serial.error());
    if (guard && current_)
        guard = check_list_sizes(current_->verified.manifest, manifest, size_limits(config_));
    if (!guard) {
        reject(guard.error(), download);
        return Step::done;
    }
    return Step::go_on;
}

FeedFollower::Step FeedFollower::fetch_payloads(Download& download, const RetryWait& wait) {
    FeedCandidate& candidate = *download.candidate;
    for (const filter::FeedList& list : download.verified->manifest.lists) {
        if (list.size > config_.max_bytes) {
            reject(feed_problem(FeedError::too_large,
                                "list " + list.id + ": " + std::to_string(list.size) +
                                    " bytes, above max_bytes " + std::to_string(config_.max_bytes)),
                   download);
            return Step::done;
        }
        const std::string& where = list.path.empty() ? list.url : list.path;
        // The manifest's size is the cap: an endless or padded body stops at its first extra byte.
        FetchResult payload = fetch(where, static_cast<std::size_t>(list.size), nullptr, wait);
        if (payload.outcome == FetchOutcome::too_large) {
            reject(feed_problem(FeedError::payload_size_mismatch,
                                "list " + list.id + ": more than the " + std::to_string(list.size) +
                                    " bytes the manifest says"),
                   download);
            return Step::done;
        }
        if (!payload.is_ok()) {
            recorder_.fetch_failed(where, payload);
            return Step::done;
        }
        if (auto checked = check_payload(list, payload.body); !checked) {
            reject(checked.error(), download);
            return Step::done;
        }
        candidate.version.payloads.push_back({stored_payload_path(list), std::move(payload.body)});
    }
    candidate.version.serial = download.verified->manifest.serial;
    candidate.version.manifest = download.manifest;
    candidate.version.minisig = download.signatures.minisig;
    candidate.version.p7s = download.signatures.p7s;
    candidate.verified = *download.verified;
    candidate.verified_at = clock_();
    download.downloaded = std::chrono::steady_clock::now();
    return Step::go_on;
}

void FeedFollower::apply_version(Download& download, const ApplyVersion& apply) {
    std::shared_ptr<const FeedCandidate> candidate = download.candidate;
    const ApplyReport report = apply(candidate, [&]() -> filter::FeedResult<void> {
        if (auto stored = store_.store(candidate->version); !stored)
            return feed_problem(
                FeedError::store_failed,
                "state directory " + store_.directory().string() + ": " + stored.error().message());
        return {};
    });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - download.downloaded)
            .count();
    if (report.problem) {
        reject(*report.problem, download);
        return;
    }
    current_ = candidate;
    validators_ = download.validators;
    recorder_.applied(*candidate, report, seconds);
}

}  // namespace roja::feed
