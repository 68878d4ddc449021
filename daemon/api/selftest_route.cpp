// POST /api/v1/selftest[?limit=N]: resolves every blocking name entry (up to N, default 10,000)
// through the daemon's own DNS listener and reports misses (selftest.hpp). Runs on the admin
// thread: other API calls wait meanwhile.
#include <charconv>

#include "daemon/api/api_sources.hpp"
#include "daemon/api/selftest.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::api {

namespace {

constexpr std::size_t kDefaultLimit = 10000;
constexpr std::size_t kMaxLimit = 1'000'000;

ApiResponse selftest(const ApiSources& sources, const ApiRequest& request) {
    const auto state = sources.states ? sources.states->current() : nullptr;
    if (!state || !state->policy || !sources.dns_server)
        return error_response(503, "nothing to test yet");
    std::size_t limit = kDefaultLimit;
    if (const auto text = request.param("limit")) {
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
        if (text->empty() || ec != std::errc() || end != text->data() + text->size() ||
            limit == 0 || limit > kMaxLimit)
            return error_response(400, "limit: a number from 1 to 1000000");
    }
    const SelftestReport report = run_selftest(*state, *sources.dns_server, limit);
    boost::json::object body = report.to_json();
    body["ok"] = report.misses.empty();
    return json_response(body);
}

}  // namespace

void add_selftest_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"POST", "/api/v1/selftest", Access::any_role,
                [&sources](const ApiRequest& request) { return selftest(sources, request); }});
}

}  // namespace roja::api
