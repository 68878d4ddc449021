// What a CMS feed signature must chain to: the configured CA bundle, and optionally one signer.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/crypto/openssl_handles.hpp"
#include "filter/feed_problem.hpp"

namespace roja::feed {

inline constexpr std::size_t kMaxCaBundle = 4 * 1024 * 1024;

struct CmsTrust {
    crypto::StorePtr store;   // the CA bundle's certificates, the only trust anchors; read-only
    std::string subject_pin;  // RFC 2253 subject the signer must have; empty: any under the CA
};

// Builds the trust from PEM text holding one or more certificates (FeedError::malformed_key when
// none parses). `verify_time` fixes the time of the chain check (tests); unset means now.
filter::FeedResult<CmsTrust> make_cms_trust(std::string_view ca_bundle_pem,
                                            std::string subject_pin = {},
                                            std::optional<std::time_t> verify_time = {});

}  // namespace roja::feed
