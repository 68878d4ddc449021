// GET /metrics: the Prometheus page, gathered at scrape time from the running daemon.
#include "daemon/api/api_sources.hpp"
#include "daemon/api/metrics_page/exposition.hpp"
#include "daemon/api/metrics_page/metrics_view.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/metrics/worker_metrics.hpp"
#include "daemon/server/server.hpp"
#include "daemon/server/state_holder.hpp"

namespace roja::api {

namespace {

void add_policy(metrics::MetricsView& view, const server::StateHolder& states) {
    view.policy.generation = states.generation();
    const auto state = states.current();
    if (!state || !state->policy) return;
    // Registers every list and group of the policy in force, so their series exist (at 0)
    // before the first block.
    metrics::PolicySlots slots;
    slots.map(state->policy, *view.slots);
    view.policy.lists = state->policy->list_count();
    view.policy.name_entries = state->policy->name_entries();
    view.policy.groups = state->policy->group_count();
}

metrics::MetricsView gather(const ApiSources& sources) {
    metrics::MetricsView view;
    view.version = ROJA_VERSION;
    view.started = sources.started;
    view.now = std::chrono::system_clock::now();
    if (sources.server)
        for (unsigned i = 0; i < sources.server->threads(); ++i) {
            const server::Worker& worker = sources.server->worker(i);
            view.workers.push_back({&worker.counters(), &worker.upstreams()});
        }
    if (sources.states) add_policy(view, *sources.states);
    if (sources.feeds) view.feeds = sources.feeds->status();
    view.http_counters = sources.http_counters;
    view.rpz = sources.rpz_counters;
    return view;
}

}  // namespace

void add_metrics_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/metrics", sources.metrics_token ? Access::any_role : Access::open,
                [&sources](const ApiRequest&) {
                    return text_response(metrics::render_metrics(gather(sources)),
                                         std::string(metrics::kExpositionContentType));
                }});
}

}  // namespace roja::api
