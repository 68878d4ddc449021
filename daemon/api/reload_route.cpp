// POST /api/v1/reload (admin only): the same reload as SIGHUP, run on the main thread; the answer
// says whether the new configuration was applied.
#include "daemon/api/api_sources.hpp"

namespace roja::api {

void add_reload_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"POST", "/api/v1/reload", Access::admin_only, [&sources](const ApiRequest&) {
                    if (!sources.reload) return error_response(503, "reload is not available");
                    const ReloadOutcome outcome = sources.reload();
                    if (!outcome.is_ok)
                        return json_response(
                            boost::json::object{{"reloaded", false},
                                                {"reason", outcome.reason},
                                                {"kept", "previous lists and policy"}},
                            409);
                    return json_response(
                        boost::json::object{{"reloaded", true}, {"seconds", outcome.seconds}});
                }});
}

}  // namespace roja::api
