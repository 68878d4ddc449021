// Fuzzes the feed manifest parser: any bytes either fail with a reason or give a manifest that
// keeps the documented invariants.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "filter/feed_manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace roja::filter;
    const auto parsed = parse_feed_manifest({reinterpret_cast<const char*>(data), size});
    if (!parsed) {
        if (parsed.error().detail.empty()) std::abort();
        return 0;
    }
    if (parsed->lists.empty() || parsed->lists.size() > kMaxFeedLists) std::abort();
    if (parsed->expires_at <= parsed->issued_at) std::abort();
    for (const FeedList& list : parsed->lists) {
        if (list.path.empty() == list.url.empty()) std::abort();
        if (list.sha256.size() != 64 || list.id.empty()) std::abort();
    }
    return 0;
}
