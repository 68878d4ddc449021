#include "daemon/feed/feed_status.hpp"

#include <boost/json/array.hpp>

namespace roja::feed {

boost::json::object to_json(const FeedStatus& status) {
    boost::json::array lists;
    for (const FeedListStatus& list : status.lists)
        lists.push_back(boost::json::object{{"id", list.id},
                                            {"authority", list.authority},
                                            {"entries", list.entries},
                                            {"loaded", list.loaded},
                                            {"never_blocked", list.never_blocked}});
    boost::json::array signers;
    for (const std::string& signer : status.signers) signers.push_back(boost::json::string(signer));
    boost::json::object out{{"feed", status.feed}, {"source", status.source}};
    if (status.serial)
        out["serial"] = *status.serial;
    else
        out["serial"] = nullptr;
    out["manifest_sha256"] = status.manifest_sha256;
    out["signers"] = std::move(signers);
    out["issued_at"] = status.issued_at;
    out["expires_at"] = status.expires_at;
    out["received_at"] = status.received_at;
    out["verified_at"] = status.verified_at;
    out["applied_at"] = status.applied_at;
    out["lists"] = std::move(lists);
    out["stale"] = status.is_stale;
    out["degraded"] = status.is_degraded();
    out["last_poll_at"] = status.last_poll_at;
    out["last_result"] = status.last_result;
    out["last_error"] = status.last_error;
    out["last_detail"] = status.last_detail;
    out["last_success_at"] = status.last_success_at;
    out["last_failure_at"] = status.last_failure_at;
    out["polls"] = status.polls;
    out["applied"] = status.applied;
    out["rejected"] = status.rejected;
    out["fetch_failures"] = status.fetch_failures;
    out["consecutive_failures"] = status.consecutive_failures;
    boost::json::object by_error, by_outcome;
    for (const auto& [error, count] : status.rejected_by_error) by_error[error] = count;
    for (const auto& [outcome, count] : status.fetch_failures_by_outcome)
        by_outcome[outcome] = count;
    out["rejected_by_error"] = std::move(by_error);
    out["fetch_failures_by_outcome"] = std::move(by_outcome);
    out["last_apply_seconds"] = status.last_apply_seconds;
    return out;
}

}  // namespace roja::feed
