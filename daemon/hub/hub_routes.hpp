// The hub's own API and pages, served by api::AdminListener with the hub's bearer tokens
// (sign-in with sessions comes with the console's shared sign-in, docs/hub.md):
//   GET /api/v1/matrix[?feed&limit][&format=csv]   feed versions × nodes
//   GET /api/v1/nodes[&format=csv]                 per node: polls, chain, serial, alarms
//   GET /api/v1/alarms[?node][&format=csv]         raised and cleared, newest first
//   GET /api/v1/order?entry=ID[&format=csv]        national hits per day of one entry
//   GET /api/v1/report?from&to[&format=csv|html]   the signed compliance report of a period
//   GET /matrix[?lang=sq|en][&feed]                the compliance matrix as a page (no script)
//   GET /metrics                                   Prometheus text
#pragma once

#include <memory>
#include <string>

#include "config/hub_config.hpp"
#include "daemon/api/api_router.hpp"
#include "daemon/audit/checkpoint_key.hpp"
#include "daemon/hub/compliance_matrix.hpp"
#include "daemon/hub/hub_database.hpp"

namespace roja::hub {

// What the routes read: the configuration, the listener thread's own database connection and
// the key that signs compliance reports.
class HubViews {
  public:
    // Throws std::runtime_error when the database or the report key cannot be opened (start-up
    // only).
    HubViews(const config::HubConfig& hub, const std::string& database);
    const config::HubConfig& hub() const noexcept { return hub_; }
    sqlite3* db() const noexcept { return db_.get(); }
    // Null when hub.yaml names no report_key.
    const audit::CheckpointSigner* report_key() const noexcept { return report_key_.get(); }

  private:
    const config::HubConfig& hub_;
    SqliteDb db_;
    std::unique_ptr<audit::CheckpointSigner> report_key_;
};

void add_hub_routes(api::ApiRouter& router, const HubViews& views);

// The routes' answers, one per view (hub_api.cpp, matrix_page.cpp, hub_metrics.cpp).
api::ApiResponse matrix_answer(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse nodes_answer(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse alarms_answer(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse order_answer(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse report_answer(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse matrix_page(const HubViews& views, const api::ApiRequest& request);
api::ApiResponse hub_metrics(const HubViews& views);

// The matrix a request asks for (?feed, ?limit: newest 500 versions by default).
Result<ComplianceMatrix> read_view_matrix(const HubViews& views, const api::ApiRequest& request);

}  // namespace roja::hub
