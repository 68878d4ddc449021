#include "daemon/feed/feed_records.hpp"

#include <boost/json/array.hpp>

#include "daemon/audit/audit_log.hpp"
#include "filter/utc_time.hpp"

namespace roja::feed {

namespace {

boost::json::array list_records(const FeedCandidate& candidate, const ApplyReport& report) {
    boost::json::array lists;
    for (const filter::FeedList& list : candidate.verified.manifest.lists) {
        boost::json::object item{{"id", list.id},
                                 {"authority", list.authority},
                                 {"sha256", list.sha256},
                                 {"entries", list.entries}};
        for (const FeedListLoad& load : report.lists) {
            if (load.list_id != list.id) continue;
            item["loaded"] = load.loaded;
            item["invalid_lines"] = load.invalid;
            item["never_blocked"] = load.never_blocked;
        }
        lists.push_back(std::move(item));
    }
    return lists;
}

boost::json::array rejected_entries(const ApplyReport& report) {
    boost::json::array rejected;
    for (const FeedListLoad& load : report.lists)
        for (const RejectedEntry& entry : load.rejected)
            rejected.push_back(
                boost::json::object{{"list", load.list_id},
                                    {"entry", entry.value},
                                    {"line", entry.line},
                                    {"reason", "would block never-block name " + entry.protects}});
    return rejected;
}

}  // namespace

std::string describe_signer(const VerifiedSignature& signature) {
    return std::string(signature_scheme_name(signature.scheme)) + " " + signature.signer;
}

boost::json::object applied_details(const FeedCandidate& candidate, const ApplyReport& report,
                                    std::chrono::system_clock::time_point applied_at,
                                    double apply_seconds) {
    const auto& manifest = candidate.verified.manifest;
    boost::json::array signers;
    for (const auto& signature : candidate.verified.signatures)
        signers.push_back(boost::json::string(describe_signer(signature)));
    std::uint64_t never_blocked = 0;
    for (const FeedListLoad& load : report.lists) never_blocked += load.never_blocked;
    const auto issued_to_applied =
        std::chrono::duration<double>(applied_at - manifest.issued_at).count();
    return boost::json::object{
        {"feed", manifest.feed},
        {"serial", manifest.serial},
        {"manifest_sha256", candidate.verified.sha256},
        {"signers", std::move(signers)},
        {"issued_at", filter::format_utc(manifest.issued_at)},
        {"expires_at", filter::format_utc(manifest.expires_at)},
        {"received_at", filter::format_utc(candidate.received_at)},
        {"verified_at", filter::format_utc(candidate.verified_at)},
        {"applied_at", filter::format_utc(applied_at)},
        {"seconds_issued_to_applied", issued_to_applied},
        {"seconds_download_to_applied", apply_seconds},
        {"lists", list_records(candidate, report)},
        {"rejected_entries", rejected_entries(report)},
        {"rejected_entries_total", never_blocked},
    };
}

boost::json::object rejected_details(const std::string& feed, const filter::FeedProblem& problem,
                                     const VerifiedManifest* manifest) {
    boost::json::object details{{"feed", feed},
                                {"error", filter::feed_error_name(problem.error)},
                                {"detail", problem.detail}};
    if (manifest) {
        details["serial"] = manifest->manifest.serial;
        details["manifest_sha256"] = manifest->sha256;
    }
    return details;
}

boost::json::object fetch_failed_details(const std::string& feed, std::string_view file,
                                         const FetchResult& result) {
    return boost::json::object{{"feed", feed},
                               {"file", file},
                               {"outcome", fetch_outcome_name(result.outcome)},
                               {"http_status", result.http_status},
                               {"reason", result.reason}};
}

}  // namespace roja::feed
