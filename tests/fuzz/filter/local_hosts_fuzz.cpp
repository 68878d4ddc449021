// The local-records hosts parser on arbitrary bytes: no crash, every host a canonical non-root
// name, and the kept errors never outnumber the bad lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "filter/domain_name.hpp"
#include "filter/local_hosts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto file = roja::filter::parse_local_hosts(text, "fuzz");
    if (file.errors.size() > file.invalid) __builtin_trap();
    std::string again;
    for (const auto& host : file.hosts) {
        if (host.name.empty()) __builtin_trap();
        if (!roja::filter::canonicalize(host.name, again) || again != host.name) __builtin_trap();
    }
    return 0;
}
