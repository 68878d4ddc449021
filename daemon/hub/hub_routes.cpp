#include "daemon/hub/hub_routes.hpp"

#include <stdexcept>

namespace roja::hub {

HubViews::HubViews(const config::HubConfig& hub, const std::string& database) : hub_(hub) {
    auto db = open_hub_database(database);
    if (!db) throw std::runtime_error(database + ": " + db.error().message());
    db_ = std::move(*db);
    if (hub.report_key.empty()) return;
    auto key = audit::CheckpointSigner::load(hub.report_key);
    if (!key)
        throw std::runtime_error("report_key " + hub.report_key +
                                 ": not a readable Ed25519 private key (PEM)");
    report_key_ = std::move(*key);
}

void add_hub_routes(api::ApiRouter& router, const HubViews& views) {
    using api::Access;
    using api::ApiRequest;
    const auto route = [&](std::string path, Access access, auto answer) {
        router.add({"GET", std::move(path), access, [&views, answer](const ApiRequest& request) {
                        return answer(views, request);
                    }});
    };
    route("/api/v1/matrix", Access::any_role, matrix_answer);
    route("/api/v1/nodes", Access::any_role, nodes_answer);
    route("/api/v1/alarms", Access::any_role, alarms_answer);
    route("/api/v1/order", Access::any_role, order_answer);
    route("/api/v1/report", Access::any_role, report_answer);
    route("/matrix", Access::any_role, matrix_page);
    route("/metrics", views.hub().api.metrics_token ? Access::any_role : Access::open,
          [](const HubViews& v, const ApiRequest&) { return hub_metrics(v); });
}

}  // namespace roja::hub
