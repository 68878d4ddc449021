// libcurl handles as unique_ptrs and the mapping of curl's codes to FetchOutcome, kept apart
// from the transfer itself so the mapping can be unit tested without a network.
#pragma once

#include <curl/curl.h>

#include <memory>

#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

struct CurlEasyDelete {
    void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
struct CurlSlistDelete {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlEasyPtr = std::unique_ptr<CURL, CurlEasyDelete>;
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistDelete>;

// curl_global_init exactly once per process, before the first handle (it is not thread-safe).
void ensure_curl_initialised();

// A failed transfer's outcome. Redirects to a refused scheme come back as
// CURLE_UNSUPPORTED_PROTOCOL, so they are refused_scheme too.
FetchOutcome classify_curl_error(CURLcode code) noexcept;

// A completed transfer's outcome from its status; 304 counts only when we asked conditionally.
FetchOutcome classify_http_status(long status, bool was_conditional) noexcept;

}  // namespace roja::feed
