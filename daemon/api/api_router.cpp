#include "daemon/api/api_router.hpp"

#include <algorithm>

#include "daemon/metrics/daemon_counters.hpp"

namespace roja::api {

namespace {

ApiResponse unauthorized(std::string_view message) {
    ApiResponse response = error_response(401, message);
    response.www_authenticate = "Bearer realm=\"roja\"";
    metrics::daemon_counters().api_unauthorized.add();
    return response;
}

}  // namespace

ApiResponse ApiRouter::dispatch(ApiRequest request) const {
    const auto same_path = [&](const Route& route) { return route.path == request.path; };
    const auto route = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) {
        return same_path(r) && r.method == request.method;
    });
    const bool is_open = route != routes_.end() && route->access == Access::open;
    if (!is_open) {
        const Authentication auth = tokens_.authenticate(request.authorization);
        if (auth.status == AuthStatus::missing)
            return unauthorized("a bearer token is needed (Authorization: Bearer <token>)");
        if (auth.status == AuthStatus::invalid)
            return unauthorized("the bearer token is not valid");
        request.role = auth.role;
    }
    if (route == routes_.end()) {
        if (std::any_of(routes_.begin(), routes_.end(), same_path))
            return error_response(405, "method not allowed");
        return error_response(404, "no such route");
    }
    if (route->access == Access::admin_only && request.role != config::ApiRole::admin) {
        metrics::daemon_counters().api_forbidden.add();
        return error_response(403, "this route needs an admin token");
    }
    metrics::daemon_counters().api_requests.add();
    return route->handler(request);
}

}  // namespace roja::api
