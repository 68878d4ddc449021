#include "daemon/api/api_sources.hpp"

namespace roja::api {

void add_routes(ApiRouter& router, const ApiSources& sources) {
    add_metrics_route(router, sources);
    add_status_routes(router, sources);
    add_audit_route(router, sources);
    add_reload_route(router, sources);
    add_hits_route(router, sources);
    add_confirmation_route(router, sources);
    add_selftest_route(router, sources);
    add_why_route(router, sources);
    add_report_route(router, sources);
    add_client_log_route(router, sources);
}

}  // namespace roja::api
