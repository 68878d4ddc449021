// School mode's certificates: a short-lived leaf certificate for a blocked name, minted on the fly
// and signed by the school's own CA (which its devices trust), cached until it is half-way to
// expiry. One key pair serves every leaf. Used on the HTTP thread only: no locks.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "daemon/crypto/openssl_handles.hpp"

namespace roja::http {

class CertificateMinter {
  public:
    using Clock = std::chrono::system_clock;

    // Reads the CA's PEM certificate and key; throws std::runtime_error (start-up only).
    CertificateMinter(const std::string& ca_certificate, const std::string& ca_key,
                      std::chrono::seconds lifetime);

    // The certificate for `canonical_name` (a host name), minted now or from the cache; null
    // when OpenSSL fails (the handshake is then refused).
    X509* certificate_for(std::string_view canonical_name, Clock::time_point now);
    EVP_PKEY* leaf_key() const noexcept { return leaf_key_.get(); }
    std::size_t minted() const noexcept { return minted_; }

  private:
    struct Minted {
        crypto::X509Ptr certificate;
        Clock::time_point renew_after;
    };
    crypto::X509Ptr mint(std::string_view name, Clock::time_point now) const;

    static constexpr std::size_t kMaxCached = 10000;
    crypto::X509Ptr ca_certificate_;
    crypto::PkeyPtr ca_key_;
    crypto::PkeyPtr leaf_key_;
    std::chrono::seconds lifetime_;
    std::unordered_map<std::string, Minted> cache_;
    std::size_t minted_ = 0;
};

}  // namespace roja::http
