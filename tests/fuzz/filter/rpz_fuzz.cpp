// Fuzzes the RPZ zone parser (ldns underneath): no crash, no leak, and every entry it emits is
// canonical, below 256 octets, and carries local data exactly when it redirects.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "filter/domain_name.hpp"
#include "filter/list_parser.hpp"

namespace {

using namespace roja::filter;

struct CheckingSink final : EntrySink {
    std::string scratch;
    std::uint32_t lines = 0;
    void on_entry(const ListEntry& entry) override {
        if (entry.type != EntryType::domain && entry.type != EntryType::exact) std::abort();
        if (entry.line == 0 || entry.line > lines) std::abort();
        if ((entry.action == EntryAction::redirect) != !entry.local_data.empty()) std::abort();
        if (entry.value.empty()) std::abort();
        if (!canonicalize(entry.value, scratch) || scratch != entry.value) std::abort();
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    CheckingSink sink;
    sink.lines = static_cast<std::uint32_t>(size + 1);
    const ParseReport report = parse_rpz_list(content, "fuzz.rpz", sink);
    if (report.lines() > size) std::abort();
    for (const ParseError& error : report.errors())
        if (error.line == 0 || error.line > report.lines()) std::abort();
    return 0;
}
