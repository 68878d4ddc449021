// The audit details of feed events (docs/audit.md): what a regulator needs to see which version
// was enforced when, signed by whom, how fast, and which entries were refused and why.
#pragma once

#include <chrono>
#include <string>

#include <boost/json/object.hpp>

#include "daemon/feed/feed_apply.hpp"
#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

// "minisign-prehashed 6A1F2C3D4E5F6071" or "cms CN=AKEP Feed,O=AKEP,C=AL".
std::string describe_signer(const VerifiedSignature& signature);

boost::json::object applied_details(const FeedCandidate& candidate, const ApplyReport& report,
                                    std::chrono::system_clock::time_point applied_at,
                                    double apply_seconds);

// `candidate` may be null (rejected before the manifest parsed).
boost::json::object rejected_details(const std::string& feed, const filter::FeedProblem& problem,
                                     const VerifiedManifest* manifest);

boost::json::object fetch_failed_details(const std::string& feed, std::string_view file,
                                         const FetchResult& result);

}  // namespace roja::feed
