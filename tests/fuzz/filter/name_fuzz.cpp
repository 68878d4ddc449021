// Name canonicalisation: never crashes, and canonical text is a fixed point.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "filter/domain_name.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string once, twice;
    if (!roja::filter::canonicalize(text, once)) return 0;
    if (once.size() > roja::filter::kMaxCanonicalChars) __builtin_trap();
    if (once.empty()) return 0;  // the root: "" is not input canonicalize accepts
    if (!roja::filter::canonicalize(once, twice) || twice != once) __builtin_trap();
    const auto name = roja::filter::DomainName::parse(text);
    if (!name || name->text() != once) __builtin_trap();
    if (!name->is_subdomain_of(name->parent())) __builtin_trap();
    return 0;
}
