// The API's door: no token or a wrong one is 401 on every path, a regulator on an admin route
// is 403, tokens are matched by their SHA-256 only, and open routes need nothing.
#include "daemon/api/api_router.hpp"

#include <doctest/doctest.h>

#include "daemon/crypto/sha256.hpp"

using namespace roja;
using api::Access;
using api::ApiRequest;

namespace {

config::ApiToken token(std::string name, config::ApiRole role, std::string_view secret) {
    return {std::move(name), role, crypto::sha256_hex(secret)};
}

api::ApiRouter router() {
    api::ApiRouter r(
        api::TokenTable({token("ops", config::ApiRole::admin, "admin-secret"),
                         token("akep", config::ApiRole::regulator, "regulator-secret")}));
    r.add({"GET", "/open", Access::open,
           [](const ApiRequest&) { return api::text_response("open", "text/plain"); }});
    r.add({"GET", "/read", Access::any_role, [](const ApiRequest& q) {
               return api::text_response(q.role == config::ApiRole::admin ? "admin" : "regulator",
                                         "text/plain");
           }});
    r.add({"POST", "/write", Access::admin_only,
           [](const ApiRequest&) { return api::text_response("done", "text/plain"); }});
    return r;
}

ApiRequest request(std::string method, std::string path, std::string authorization = {}) {
    ApiRequest q;
    q.method = std::move(method);
    q.path = std::move(path);
    q.authorization = std::move(authorization);
    return q;
}

}  // namespace

TEST_CASE("a token is found by its hash; a missing, empty or unknown token is not") {
    const api::TokenTable tokens({token("ops", config::ApiRole::admin, "s3cret")});
    CHECK(tokens.authenticate("").status == api::AuthStatus::missing);
    CHECK(tokens.authenticate("Basic b3BzOnMzY3JldA==").status == api::AuthStatus::missing);
    CHECK(tokens.authenticate("Bearer ").status == api::AuthStatus::missing);
    CHECK(tokens.authenticate("Bearer s3cre").status == api::AuthStatus::invalid);
    CHECK(tokens.authenticate("Bearer s3cret!").status == api::AuthStatus::invalid);
    const auto ok = tokens.authenticate("bearer s3cret");
    CHECK(ok.status == api::AuthStatus::ok);
    CHECK(ok.role == config::ApiRole::admin);
    CHECK(ok.name == "ops");
}

TEST_CASE("without a valid token every route but the open ones is 401 with a Bearer challenge") {
    const auto r = router();
    for (const auto& [method, path] :
         {std::pair{"GET", "/read"}, {"POST", "/write"}, {"GET", "/nowhere"}, {"POST", "/read"}}) {
        CAPTURE(path);
        const auto none = r.dispatch(request(method, path));
        CHECK(none.status == 401);
        CHECK(none.www_authenticate == "Bearer realm=\"roja\"");
        CHECK(r.dispatch(request(method, path, "Bearer wrong")).status == 401);
    }
    CHECK(r.dispatch(request("GET", "/open")).status == 200);
}

TEST_CASE("a regulator reads but gets 403 on an admin route; an admin gets both") {
    const auto r = router();
    CHECK(r.dispatch(request("GET", "/read", "Bearer regulator-secret")).body == "regulator");
    CHECK(r.dispatch(request("POST", "/write", "Bearer regulator-secret")).status == 403);
    CHECK(r.dispatch(request("GET", "/read", "Bearer admin-secret")).body == "admin");
    CHECK(r.dispatch(request("POST", "/write", "Bearer admin-secret")).status == 200);
}

TEST_CASE("an authenticated caller learns 404 for an unknown path and 405 for a wrong method") {
    const auto r = router();
    CHECK(r.dispatch(request("GET", "/nowhere", "Bearer admin-secret")).status == 404);
    CHECK(r.dispatch(request("GET", "/write", "Bearer admin-secret")).status == 405);
}
