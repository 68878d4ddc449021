#include "daemon/feed/cms_trust.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace roja::feed {
namespace {

filter::FeedProblem bad_bundle(std::string why) {
    return filter::feed_problem(filter::FeedError::malformed_key, "CA bundle: " + why);
}

// Adds every certificate of the PEM text; the count, or nothing when a block does not parse.
std::optional<int> add_certificates(X509_STORE* store, std::string_view pem) {
    crypto::BioPtr bio =
        crypto::memory_bio({reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()});
    if (!bio) return std::nullopt;
    int count = 0;
    while (crypto::X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
        if (X509_STORE_add_cert(store, cert.get()) != 1) return std::nullopt;
        ++count;
    }
    // The loop ends at the end of the text (no start line) or at a broken block.
    const unsigned long last = ERR_peek_last_error();
    const bool at_end =
        ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    if (last != 0 && !at_end) return std::nullopt;
    ERR_clear_error();
    return count;
}

}  // namespace

filter::FeedResult<CmsTrust> make_cms_trust(std::string_view ca_bundle_pem, std::string subject_pin,
                                            std::optional<std::time_t> verify_time) {
    if (ca_bundle_pem.size() > kMaxCaBundle) return bad_bundle("expected at most 4 MiB");
    crypto::StorePtr store(X509_STORE_new(), X509_STORE_free);
    if (!store) return bad_bundle("out of memory");
    const auto count = add_certificates(store.get(), ca_bundle_pem);
    if (!count) return bad_bundle(crypto::take_openssl_error("a certificate does not parse"));
    if (*count == 0) return bad_bundle("expected at least one PEM certificate");
    if (verify_time) X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store.get()), *verify_time);
    return CmsTrust{std::move(store), std::move(subject_pin)};
}

}  // namespace roja::feed
