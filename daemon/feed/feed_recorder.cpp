#include "daemon/feed/feed_recorder.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/crypto/sha256.hpp"
#include "daemon/feed/feed_records.hpp"
#include "daemon/feed/feed_store_files.hpp"
#include "daemon/log/log.hpp"
#include "filter/utc_time.hpp"

namespace roja::feed {

namespace {

void set_version(FeedStatus& status, const FeedCandidate& candidate) {
    const auto& manifest = candidate.verified.manifest;
    status.serial = manifest.serial;
    status.manifest_sha256 = candidate.verified.sha256;
    status.signers.clear();
    for (const auto& signature : candidate.verified.signatures)
        status.signers.push_back(describe_signer(signature));
    status.issued_at = filter::format_utc(manifest.issued_at);
    status.expires_at = filter::format_utc(manifest.expires_at);
    status.received_at = filter::format_utc(candidate.received_at);
    status.verified_at = filter::format_utc(candidate.verified_at);
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

FeedRecorder::FeedRecorder(const config::FeedConfig& config, std::filesystem::path status_file,
                           audit::AuditLog* audit, Clock clock)
    : feed_id_(config.id),
      status_file_(std::move(status_file)),
      audit_(audit),
      clock_(std::move(clock)) {
    status_.feed = config.id;
    status_.source = config.source;
}

std::string FeedRecorder::now_text() const {
    return filter::format_utc(clock_());
}

void FeedRecorder::record(std::string_view type, boost::json::object details) {
    if (!audit_) return;
    if (auto appended = audit_->append(type, std::move(details)); !appended)
        log::error("audit_write_failed", {{"type", type}, {"reason", appended.error().message()}});
}

void FeedRecorder::last_good_loaded(const FeedCandidate& candidate) {
    {
        std::lock_guard lock(status_mutex_);
        set_version(status_, candidate);
        status_.applied_at = now_text();
        restore_times(status_, status_file_);
    }
    log::info("feed_last_good_loaded",
              {{"feed", feed_id_}, {"serial", std::to_string(candidate.version.serial)}});
    record("feed_last_good_loaded", {{"feed", feed_id_},
                                     {"serial", candidate.version.serial},
                                     {"manifest_sha256", candidate.verified.sha256}});
}

void FeedRecorder::no_last_good() {
    log::warning(
        "feed_no_last_good",
        {{"feed", feed_id_}, {"enforcing", "nothing from this feed until its first version"}});
}

void FeedRecorder::last_good_refused(const std::string& reason) {
    log::error("feed_last_good_rejected",
               {{"feed", feed_id_}, {"reason", reason}, {"enforcing", "nothing from this feed"}});
    record("feed_last_good_rejected", {{"feed", feed_id_}, {"reason", reason}});
}

void FeedRecorder::loaded(const std::vector<FeedListLoad>& loads) {
    std::lock_guard lock(status_mutex_);
    set_loads(status_, loads);
}

void FeedRecorder::poll_started() {
    std::lock_guard lock(status_mutex_);
    ++status_.polls;
    status_.last_poll_at = now_text();
}

void FeedRecorder::succeeded() {
    last_rejection_.clear();
    last_fetch_failure_.clear();
}

void FeedRecorder::unchanged(std::string_view result) {
    succeeded();
    std::lock_guard lock(status_mutex_);
    status_.last_result = result;
    status_.last_error.clear();
    status_.last_detail.clear();
    status_.last_success_at = now_text();
    status_.consecutive_failures = 0;
}

void FeedRecorder::rejected(const filter::FeedProblem& problem, std::string_view manifest_bytes,
                            const VerifiedManifest* verified, const FeedCandidate* kept) {
    last_fetch_failure_.clear();
    const std::string name(filter::feed_error_name(problem.error));
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
    const std::string key = crypto::sha256_hex(manifest_bytes) + " " + name;
    const bool is_repeat = key == last_rejection_;
    last_rejection_ = key;
    const std::string kept_serial = kept ? std::to_string(kept->verified.manifest.serial) : "none";
    log::write(is_repeat ? log::Level::warning : log::Level::error, "feed_rejected",
               {{"feed", feed_id_},
                {"error", name},
                {"detail", problem.detail},
                {"kept_serial", kept_serial}});
    if (!is_repeat) record("feed_rejected", rejected_details(feed_id_, problem, verified));
}

void FeedRecorder::fetch_failed(std::string_view file, const FetchResult& result) {
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
    log::warning("feed_fetch_failed", {{"feed", feed_id_},
                                       {"file", file},
                                       {"outcome", fetch_outcome_name(result.outcome)},
                                       {"reason", result.reason}});
    if (is_first) record("feed_fetch_failed", fetch_failed_details(feed_id_, file, result));
}

void FeedRecorder::applied(const FeedCandidate& candidate, const ApplyReport& report,
                           double apply_seconds) {
    succeeded();
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
        status_.applied_at = filter::format_utc(applied_at);
        ++status_.applied;
        status_.last_result = "applied";
        status_.last_error.clear();
        status_.last_detail.clear();
        status_.last_success_at = status_.applied_at;
        status_.consecutive_failures = 0;
        status_.last_apply_seconds = apply_seconds;
    }
    log::info("feed_applied", {{"feed", feed_id_},
                               {"serial", std::to_string(candidate.verified.manifest.serial)},
                               {"entries", std::to_string(entries)},
                               {"never_blocked", std::to_string(never_blocked)},
                               {"build_seconds", std::to_string(report.build_seconds)},
                               {"persist_seconds", std::to_string(report.persist_seconds)},
                               {"download_to_applied_seconds", std::to_string(apply_seconds)}});
    for (const FeedListLoad& load : report.lists)
        for (const RejectedEntry& entry : load.rejected)
            log::warning("feed_entry_rejected",
                         {{"feed", feed_id_},
                          {"list", load.list_id},
                          {"line", std::to_string(entry.line)},
                          {"entry", entry.value},
                          {"reason", "would block never-block name " + entry.protects}});
    record("feed_applied", applied_details(candidate, report, applied_at, apply_seconds));
}

void FeedRecorder::check_stale(const FeedCandidate& current) {
    const auto& manifest = current.verified.manifest;
    const bool is_expired = clock_() >= manifest.expires_at;
    {
        std::lock_guard lock(status_mutex_);
        if (status_.is_stale == is_expired) return;
        status_.is_stale = is_expired;
    }
    boost::json::object details{{"feed", feed_id_},
                                {"serial", manifest.serial},
                                {"expires_at", filter::format_utc(manifest.expires_at)}};
    if (is_expired) {
        log::error("feed_stale", {{"feed", feed_id_},
                                  {"serial", std::to_string(manifest.serial)},
                                  {"expires_at", filter::format_utc(manifest.expires_at)},
                                  {"enforcing", "the expired version, until a new one arrives"}});
        record("feed_stale", std::move(details));
    } else {
        log::info("feed_fresh", {{"feed", feed_id_}, {"serial", std::to_string(manifest.serial)}});
        record("feed_fresh", std::move(details));
    }
}

void FeedRecorder::write_status() {
    std::string text;
    {
        std::lock_guard lock(status_mutex_);
        text = boost::json::serialize(to_json(status_));
    }
    text.push_back('\n');
    if (auto written = replace_file_durably(status_file_, text); !written)
        log::warning("feed_status_not_written",
                     {{"feed", feed_id_}, {"reason", written.error().message()}});
}

void FeedRecorder::retire() {
    std::error_code ignored;
    std::filesystem::remove(status_file_, ignored);
}

FeedStatus FeedRecorder::status() const {
    std::lock_guard lock(status_mutex_);
    return status_;
}

}  // namespace roja::feed
