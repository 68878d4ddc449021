// FeedFollower, part two: the last good version at start-up, and the record of each poll's
// outcome — the status, one log line, and an audit record (a repeated rejection of the same
// bytes is recorded once, a run of fetch failures at its first).
#include "daemon/feed/feed_follower.hpp"

#include <boost/json/parse.hpp>

#include "daemon/feed/feed_records.hpp"
#include "daemon/feed/feed_store_files.hpp"
#include "daemon/feed/sha256.hpp"
#include "daemon/log/log.hpp"

namespace roja::feed {

namespace {

void set_version(FeedStatus& status, const FeedCandidate& candidate) {
    const auto& manifest = candidate.verified.manifest;
    status.serial = manifest.serial;
    status.manifest_sha256 = candidate.verified.sha256;
    status.signers.clear();
    for (const auto& signature : candidate.verified.signatures)
        status.signers.push_back(describe_signer(signature));
    status.issued_at = filter::format_feed_time(manifest.issued_at);
    status.expires_at = filter::format_feed_time(manifest.expires_at);
    status.received_at = audit::format_utc(candidate.received_at);
    status.verified_at = audit::format_utc(candidate.verified_at);
    status.lists.clear();
    for (const auto& list : manifest.lists)
        status.lists.push_back({list.id, list.authority, list.entries, 0, 0});
}

void set_loads(FeedStatus& status, const std::vector<FeedListLoad>& loads) {
    for (FeedListStatus& list : status.lists)
        for (const FeedListLoad& load : loads)
            if (load.feed_id == status.feed && load.list_id == list.id) {
                list.loaded = load.loaded;
                list.never_blocked = load.never_blocked;
            }
}

// The times a version was received, verified and first applied survive a restart: the previous
// run's status file gives them when it describes the same manifest.
void restore_times(FeedStatus& status, const std::filesystem::path& file) {
    auto text = read_whole_file(file, std::size_t{1024} * 1024);
    if (!text) return;
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(*text, error);
    const auto* previous = error ? nullptr : value.if_object();
    const auto* sha = previous ? previous->if_contains("manifest_sha256") : nullptr;
    if (!sha || !sha->is_string() || sha->get_string() != status.manifest_sha256) return;
    for (auto [key, field] : {std::pair{"received_at", &status.received_at},
                              std::pair{"verified_at", &status.verified_at},
                              std::pair{"applied_at", &status.applied_at}}) {
        const auto* time = previous->if_contains(key);
        if (time && time->is_string() && !time->get_string().empty())
            *field = std::string(time->get_string());
    }
}

}  // namespace

std::shared_ptr<const FeedCandidate> FeedFollower::load_last_good() {
    auto stored = store_.last_good();
    const auto refuse = [&](const std::string& reason) -> std::shared_ptr<const FeedCandidate> {
        log::error(
            "feed_last_good_rejected",
            {{"feed", config_.id}, {"reason", reason}, {"enforcing", "nothing from this feed"}});
        record("feed_last_good_rejected", {{"feed", config_.id}, {"reason", reason}});
        write_status();
        return nullptr;
    };
    if (!stored) return refuse("cannot read the state directory: " + stored.error().message());
    if (!*stored) {
        log::warning("feed_no_last_good",
                     {{"feed", config_.id},
                      {"enforcing", "nothing from this feed until its first version"}});
        write_status();
        return nullptr;
    }
    auto candidate = std::make_shared<FeedCandidate>();
    candidate->version = std::move(**stored);
    const FeedVersion& version = candidate->version;
    auto verified =
        verify_manifest(version.manifest, {version.minisig, version.p7s}, trust_, config_.id);
    if (!verified)
        return refuse(std::string(filter::feed_error_name(verified.error().error)) + ": " +
                      verified.error().detail);
    candidate->verified = std::move(*verified);
    for (const filter::FeedList& list : candidate->verified.manifest.lists) {
        const std::string* payload = candidate->payload(list);
        if (!payload)
            return refuse("list " + list.id + ": payload missing from the state directory");
        if (auto checked = check_payload(list, *payload); !checked)
            return refuse(checked.error().detail);
    }
    candidate->received_at = candidate->verified_at = clock_();
    current_ = candidate;
    {
        std::lock_guard lock(status_mutex_);
        set_version(status_, *candidate);
        status_.applied_at = now_text();
        restore_times(status_, store_.directory() / "status.json");
    }
    log::info("feed_last_good_loaded",
              {{"feed", config_.id}, {"serial", std::to_string(version.serial)}});
    record("feed_last_good_loaded", {{"feed", config_.id},
                                     {"serial", version.serial},
                                     {"manifest_sha256", candidate->verified.sha256}});
    check_stale();
    write_status();
    return candidate;
}

void FeedFollower::note_loaded(const std::vector<FeedListLoad>& loads) {
    {
        std::lock_guard lock(status_mutex_);
        set_loads(status_, loads);
    }
    write_status();
}

void FeedFollower::unchanged(std::string_view result) {
    last_rejection_.clear();
    last_fetch_failure_.clear();
    std::lock_guard lock(status_mutex_);
    status_.last_result = result;
    status_.last_error.clear();
    status_.last_detail.clear();
    status_.last_success_at = now_text();
    status_.consecutive_failures = 0;
}

void FeedFollower::rejected(const filter::FeedProblem& problem, const Download& download) {
    last_fetch_failure_.clear();
    const std::string name(filter::feed_error_name(problem.error));
    const VerifiedManifest* manifest = download.verified ? &*download.verified : nullptr;
    {
        std::lock_guard lock(status_mutex_);
        ++status_.rejected;
        ++status_.rejected_by_error[name];
        ++status_.consecutive_failures;
        status_.last_result = "rejected";
        status_.last_error = name;
        status_.last_detail = problem.detail;
        status_.last_failure_at = now_text();
    }
    const std::string key = sha256_hex(download.manifest) + " " + name;
    const bool is_repeat = key == last_rejection_;
    last_rejection_ = key;
    const std::string kept = current_ ? std::to_string(current_->verified.manifest.serial) : "none";
    log::write(
        is_repeat ? log::Level::warning : log::Level::error, "feed_rejected",
        {{"feed", config_.id}, {"error", name}, {"detail", problem.detail}, {"kept_serial", kept}});
    if (!is_repeat) record("feed_rejected", rejected_details(config_.id, problem, manifest));
}

void FeedFollower::fetch_failed(std::string_view file, const FetchResult& result) {
    const std::string key = std::string(file) + " " +
                            std::string(fetch_outcome_name(result.outcome)) + " " +
                            std::to_string(result.http_status);
    const bool is_first = key != last_fetch_failure_;
    last_fetch_failure_ = key;
    {
        std::lock_guard lock(status_mutex_);
        ++status_.fetch_failures;
        ++status_.fetch_failures_by_outcome[std::string(fetch_outcome_name(result.outcome))];
        ++status_.consecutive_failures;
        status_.last_result = "fetch_failed";
        status_.last_error = fetch_outcome_name(result.outcome);
        status_.last_detail = std::string(file) + ": " + result.reason;
        status_.last_failure_at = now_text();
    }
    log::warning("feed_fetch_failed", {{"feed", config_.id},
                                       {"file", file},
                                       {"outcome", fetch_outcome_name(result.outcome)},
                                       {"reason", result.reason}});
    if (is_first) record("feed_fetch_failed", fetch_failed_details(config_.id, file, result));
}

void FeedFollower::applied(const Download& download, const ApplyReport& report,
                           double apply_seconds) {
    last_rejection_.clear();
    last_fetch_failure_.clear();
    const FeedCandidate& candidate = *download.candidate;
    const auto applied_at = clock_();
    std::uint64_t entries = 0, never_blocked = 0;
    for (const FeedListLoad& load : report.lists) {
        entries += load.loaded;
        never_blocked += load.never_blocked;
    }
    {
        std::lock_guard lock(status_mutex_);
        set_version(status_, candidate);
        set_loads(status_, report.lists);
        status_.applied_at = audit::format_utc(applied_at);
        ++status_.applied;
        status_.last_result = "applied";
        status_.last_error.clear();
        status_.last_detail.clear();
        status_.last_success_at = status_.applied_at;
        status_.consecutive_failures = 0;
        status_.last_apply_seconds = apply_seconds;
    }
    log::info("feed_applied", {{"feed", config_.id},
                               {"serial", std::to_string(candidate.verified.manifest.serial)},
                               {"entries", std::to_string(entries)},
                               {"never_blocked", std::to_string(never_blocked)},
                               {"build_seconds", std::to_string(report.build_seconds)},
                               {"persist_seconds", std::to_string(report.persist_seconds)},
                               {"download_to_applied_seconds", std::to_string(apply_seconds)}});
    for (const FeedListLoad& load : report.lists)
        for (const RejectedEntry& entry : load.rejected)
            log::warning("feed_entry_rejected",
                         {{"feed", config_.id},
                          {"list", load.list_id},
                          {"line", std::to_string(entry.line)},
                          {"entry", entry.value},
                          {"reason", "would block never-block name " + entry.protects}});
    record("feed_applied", applied_details(candidate, report, applied_at, apply_seconds));
}

void FeedFollower::check_stale() {
    if (!current_) return;
    const auto& manifest = current_->verified.manifest;
    const bool is_expired = clock_() >= manifest.expires_at;
    {
        std::lock_guard lock(status_mutex_);
        if (status_.is_stale == is_expired) return;
        status_.is_stale = is_expired;
    }
    boost::json::object details{{"feed", config_.id},
                                {"serial", manifest.serial},
                                {"expires_at", filter::format_feed_time(manifest.expires_at)}};
    if (is_expired) {
        log::error("feed_stale", {{"feed", config_.id},
                                  {"serial", std::to_string(manifest.serial)},
                                  {"expires_at", filter::format_feed_time(manifest.expires_at)},
                                  {"enforcing", "the expired version, until a new one arrives"}});
        record("feed_stale", std::move(details));
    } else {
        log::info("feed_fresh",
                  {{"feed", config_.id}, {"serial", std::to_string(manifest.serial)}});
        record("feed_fresh", std::move(details));
    }
}

}  // namespace roja::feed
