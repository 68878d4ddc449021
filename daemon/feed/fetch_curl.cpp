#include "daemon/feed/fetch_curl.hpp"

#include <mutex>
#include <stdexcept>

namespace roja::feed {

void ensure_curl_initialised() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            throw std::runtime_error("curl_global_init failed");
    });
}

FetchOutcome classify_curl_error(CURLcode code) noexcept {
    switch (code) {
        case CURLE_OK:
            return FetchOutcome::ok;
        case CURLE_UNSUPPORTED_PROTOCOL:
            return FetchOutcome::refused_scheme;
        case CURLE_OPERATION_TIMEDOUT:
            return FetchOutcome::timeout;  // also the low-speed limit
        case CURLE_FILESIZE_EXCEEDED:
            return FetchOutcome::too_large;  // Content-Length over the cap
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
            return FetchOutcome::tls_error;
        default:
            return FetchOutcome::network_error;  // resolve, connect, reset, partial body...
    }
}

FetchOutcome classify_http_status(long status, bool was_conditional) noexcept {
    if (status >= 200 && status < 300) return FetchOutcome::ok;
    if (status == 304 && was_conditional) return FetchOutcome::not_modified;
    return FetchOutcome::http_error;
}

}  // namespace roja::feed
