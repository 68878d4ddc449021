// The hosts list parser on arbitrary bytes: no crash, entries keep the parser's promises, and
// the report's counts add up.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "filter/list_parser.hpp"
#include "tests/fuzz/filter/list_fuzz_sink.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    roja::filter::fuzz::CheckingSink sink;
    const auto report = roja::filter::parse_hosts_list(text, "fuzz", sink);
    if (report.errors().size() >
        report.unsupported() + report.invalid() + (report.failed() ? 1 : 0))
        __builtin_trap();
    (void)roja::filter::guess_list_format(text);
    return 0;
}
