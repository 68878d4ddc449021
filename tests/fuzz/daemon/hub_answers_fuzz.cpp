// Fuzzes what rojahub reads from a node (outside bytes): the /status, /confirmation and
// /hits?by=day answers, an audit page taken against an empty and a non-empty stored tail, and a
// probe report's fields.
// Each must return a value or an error, never crash or throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/hub/audit_intake.hpp"
#include "daemon/hub/node_answers.hpp"
#include "daemon/hub/probe_intake.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::hub;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)read_status(text);
    (void)read_day_hits(text);
    const auto confirmation = read_confirmation(text, {"akep-al", 7});
    if (confirmation && confirmation->status != "applied" && confirmation->status != "rejected")
        std::abort();
    const auto fresh = take_audit_page(text, NodeTail{}, nullptr);
    if (fresh.broken && !fresh.records.empty()) std::abort();  // a broken page is refused whole
    const auto later = take_audit_page(text, NodeTail{3, std::string(64, 'a')}, nullptr);
    if (later.broken && !later.records.empty()) std::abort();
    const auto probe = read_probe_fields(text);
    if (probe && (probe->feed.empty() || probe->resolver.empty())) std::abort();
    return 0;
}
