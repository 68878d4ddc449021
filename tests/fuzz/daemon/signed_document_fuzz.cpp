// Fuzzes `rojactl report verify`'s reader (audit/signed_document.hpp): any bytes as a signed
// envelope, checked with a fixed key. It must refuse or accept, never crash or throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/audit/signed_document.hpp"

namespace {

constexpr std::string_view kPublicPem =
    "-----BEGIN PUBLIC "
    "KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC "
    "KEY-----\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::audit;
    static const auto key = CheckpointVerifier::load(kPublicPem);
    if (!key) std::abort();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto check = verify_document(text, **key);
    if (check.failure && check.failure->empty()) std::abort();
    if (!check.failure && check.key_id != (*key)->key_id()) std::abort();
    return 0;
}
