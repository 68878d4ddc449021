#include "daemon/app/reload.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "daemon/app/feed_reload.hpp"
#include "daemon/app/service_status.hpp"
#include "daemon/app/startup.hpp"
#include "daemon/log/log.hpp"
#include "daemon/metrics/daemon_counters.hpp"

namespace roja::app {

void reload_tls_credentials(server::Server& server) {
    const std::string problem = server.reload_tls_credentials();
    if (problem.empty()) {
        metrics::daemon_counters().tls_reloads_ok.add();
        return;
    }
    log::error("tls_reload_failed",
               {{"reason", problem}, {"kept", "previous certificate and key"}});
    metrics::daemon_counters().tls_reloads_failed.add();
}

api::ReloadOutcome reload(const Options& options, server::PolicySources& sources,
                          const StateDirectory* state, audit::AuditLog* audit,
                          feed::FeedUpdater& updater) {
    const auto failed = [&](const std::string& reason) {
        log::error("reload_failed", {{"reason", reason}, {"kept", "previous lists and policy"}});
        record(audit, "config_rejected", {{"reason", reason}});
        notify_status(reload_failed_status(sources.serial(), reason));
        metrics::daemon_counters().reloads_failed.add();
        return api::ReloadOutcome{false, reason, 0};
    };
    try {
        config::Config config = effective_config(options);
        filter::NeverBlock never_block = server::load_never_block(config);
        const FeedChanges changes = feed_changes(updater.configs(), config.feeds);
        auto load = changes.any() ? reload_with_feeds(std::move(config), std::move(never_block),
                                                      sources, updater, state, changes)
                                  : sources.reload(std::move(config), std::move(never_block));
        if (!load.state) return failed(load.failure);
        log_load(load, "reloaded");
        record_local_overrides(audit, *load.state);
        if (changes.any()) {
            const auto ids = [](const std::vector<std::string>& list) {
                return boost::json::array(list.begin(), list.end());
            };
            boost::json::object details{{"added", ids(changes.added)},
                                        {"changed", ids(changes.changed)},
                                        {"removed", ids(changes.removed)}};
            log::info("feeds_changed", {{"feeds", boost::json::serialize(details)}});
            record(audit, "feeds_changed", std::move(details));
        }
        record(audit, "config_reloaded", {{"seconds", load.seconds}});
        notify_status(with_feeds(serving_status(sources.serial(), load), updater.status()));
        metrics::daemon_counters().reloads_ok.add();
        return {true, {}, load.seconds};
    } catch (const std::exception& e) {
        return failed(e.what());
    }
}

}  // namespace roja::app
