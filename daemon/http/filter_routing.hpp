// Which hosts the HTTP filter handles, for groups that filter URLs (url_filter: true): those
// with URL entries, and those with TLS server-name (sni) entries. The DNS side answers them with
// the filter's address; the filter forwards nothing else, so it is never an open proxy.
#pragma once

#include <string_view>

#include "filter/policy.hpp"

namespace roja::http {

inline bool is_routed_to_filter(const filter::Policy& policy, std::string_view canonical_host,
                                filter::GroupIndex group) noexcept {
    if (!policy.group(group).url_filter) return false;
    return policy.has_url_entries(canonical_host, group) ||
           policy.decide_sni(canonical_host, group).is_blocked();
}

}  // namespace roja::http
