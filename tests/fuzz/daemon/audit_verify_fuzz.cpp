// Fuzzes `rojactl audit verify`'s checker: any bytes as one or two audit files (split at the
// first NUL), with and without a checkpoint key. It must name a bad record or accept, never crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "daemon/audit/audit_verify.hpp"

namespace {

// A fixed Ed25519 public key: checkpoints in the corpus are checked against it.
constexpr std::string_view kPublicPem =
    "-----BEGIN PUBLIC "
    "KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC "
    "KEY-----\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::audit;
    static const auto key = CheckpointVerifier::load(kPublicPem);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t split = text.find('\0');
    std::vector<AuditFileText> files{{"a.jsonl", std::string(text.substr(0, split))}};
    if (split != std::string_view::npos)
        files.push_back({"b.jsonl", std::string(text.substr(split + 1))});
    const auto plain = verify_audit_files(files, nullptr);
    const auto keyed = verify_audit_files(files, key ? key->get() : nullptr);
    if (plain.failure && plain.failure->empty()) std::abort();
    if (keyed.records > plain.records) std::abort();  // a key can only find more wrong, not less
    return 0;
}
