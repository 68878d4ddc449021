#include "daemon/feed/fetch_result.hpp"

namespace roja::feed {

std::string_view fetch_outcome_name(FetchOutcome outcome) noexcept {
    switch (outcome) {
        case FetchOutcome::ok:
            return "ok";
        case FetchOutcome::not_modified:
            return "not_modified";
        case FetchOutcome::http_error:
            return "http_error";
        case FetchOutcome::too_large:
            return "too_large";
        case FetchOutcome::timeout:
            return "timeout";
        case FetchOutcome::tls_error:
            return "tls_error";
        case FetchOutcome::network_error:
            return "network_error";
        case FetchOutcome::refused_scheme:
            return "refused_scheme";
    }
    return "unknown";
}

}  // namespace roja::feed
