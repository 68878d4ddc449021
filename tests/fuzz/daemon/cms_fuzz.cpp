// Fuzzes the CMS signature path (DER or PEM parse, detached/signer checks, CMS_verify, subject
// and signing time) with a fixed one-certificate store and message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/feed/cms_signature.hpp"

namespace {

// The CA that issued the seed corpus signer (tests/fuzz/corpus/cms), valid until 2126.
constexpr std::string_view kSeedCa = R"(
-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUA1MRabmPndt+yqdwZ57opbdhHXgwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMUm9qYSBGdXp6IENBMCAXDTI2MTEyOTAwMDAwNVoYDzIxMjYx
MTA1MDAwMDA1WjAXMRUwEwYDVQQDDAxSb2phIEZ1enogQ0EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQFnD6a2UL7vyAywrp4cQbKp0PyQio5egHyH5AiH8sMvQny
y9r7LEKZjLUjALjwPYH69Bg2mlny/dXPj6lCDwqVo1MwUTAdBgNVHQ4EFgQUczR1
e+S2X27qyZHgF6Dgz1HV1SIwHwYDVR0jBBgwFoAUczR1e+S2X27qyZHgF6Dgz1HV
1SIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiEAtF7P/iu5ikYq
1GPcu3uorp7AHSbe9QcbNsSNeyOSekgCICCPTtCF77Ffsg6DthBGwc4ZxZyZmhac
zBt+jTrP7yBu
-----END CERTIFICATE-----
)";
constexpr std::string_view kSeedMessage = "{\"format\": \"roja-feed/1\"}\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::feed;
    static const CmsTrust trust = *make_cms_trust(kSeedCa);
    const std::span<const std::uint8_t> message(
        reinterpret_cast<const std::uint8_t*>(kSeedMessage.data()), kSeedMessage.size());
    const auto verified = verify_cms(message, {data, size}, trust);
    if (!verified && verified.error().detail.empty()) std::abort();
    return 0;
}
