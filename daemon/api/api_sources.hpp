// What the admin API's routes read and do, handed over by rojad at start-up: the running server,
// the state in force, the feeds, the audit log, the hit store, the per-client log, and how to
// reload. Any of them
// may be absent (a quick start without a state directory has no audit log or hit store); the
// routes then answer 503 with the reason.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "config/endpoint.hpp"
#include "daemon/api/api_router.hpp"
#include "daemon/http/http_counters.hpp"

namespace roja::server {
class Server;
class StateHolder;
}  // namespace roja::server
namespace roja::feed {
class FeedUpdater;
}
namespace roja::rpz {
class RpzCounters;
}
namespace roja::stats {
class HitStore;
class ClientLogStore;
}  // namespace roja::stats

namespace roja::api {

struct ReloadOutcome {
    bool is_ok = false;
    std::string reason;  // why it failed
    double seconds = 0;
};

struct ApiSources {
    const server::Server* server = nullptr;
    const server::StateHolder* states = nullptr;
    const feed::FeedUpdater* feeds = nullptr;
    std::filesystem::path audit_log;  // empty: no audit log
    std::filesystem::path state_dir;  // empty: none (feed versions for confirmations live there)
    stats::HitStore* hits = nullptr;
    stats::ClientLogStore* client_log = nullptr;        // only with stats.client_log: true
    const http::HttpCounters* http_counters = nullptr;  // the HTTP side, for /metrics
    const rpz::RpzCounters* rpz_counters = nullptr;     // the RPZ export, for /metrics
    std::optional<config::Endpoint> dns_server;         // where the self-test sends its queries
    std::function<ReloadOutcome()> reload;  // runs the reload on the main thread and waits for it
    std::chrono::system_clock::time_point started{};
    bool metrics_token = false;  // /metrics needs a token too
};

// Every route of the API (docs/api.md) on `router`; `sources` must outlive it.
void add_routes(ApiRouter& router, const ApiSources& sources);

// Routes by area (api_routes.cpp calls them).
void add_metrics_route(ApiRouter& router, const ApiSources& sources);
void add_status_routes(ApiRouter& router, const ApiSources& sources);
void add_audit_route(ApiRouter& router, const ApiSources& sources);
void add_reload_route(ApiRouter& router, const ApiSources& sources);
void add_hits_route(ApiRouter& router, const ApiSources& sources);
void add_confirmation_route(ApiRouter& router, const ApiSources& sources);
void add_selftest_route(ApiRouter& router, const ApiSources& sources);
void add_why_route(ApiRouter& router, const ApiSources& sources);
void add_report_route(ApiRouter& router, const ApiSources& sources);
void add_client_log_route(ApiRouter& router, const ApiSources& sources);

}  // namespace roja::api
