// Which route answers a request and who may call it. Authentication comes before anything else
// a route does: no valid token → 401, a role the route does not allow → 403, whatever the path
// (an unknown path is 404 only for an authenticated caller, so outsiders cannot map the API).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "daemon/api/api_message.hpp"
#include "daemon/api/token_table.hpp"

namespace roja::api {

enum class Access {
    open,      // no token needed (e.g. /metrics unless admin.metrics_token)
    any_role,  // admin or regulator
    admin_only,
};

using RouteHandler = std::function<ApiResponse(const ApiRequest&)>;

struct Route {
    std::string method;
    std::string path;
    Access access = Access::any_role;
    RouteHandler handler;
};

class ApiRouter {
  public:
    explicit ApiRouter(TokenTable tokens) : tokens_(std::move(tokens)) {}

    void add(Route route) { routes_.push_back(std::move(route)); }
    ApiResponse dispatch(ApiRequest request) const;

  private:
    TokenTable tokens_;
    std::vector<Route> routes_;
};

}  // namespace roja::api
