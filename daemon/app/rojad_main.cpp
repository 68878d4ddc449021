// rojad: the filtering DNS resolver proxy. Start-up (flags, config, lists, sockets) may throw;
// everything after "ready" runs on the workers, and this thread only waits for signals.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include <systemd/sd-daemon.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "config/config_loader.hpp"
#include "config/default_paths.hpp"
#include "daemon/app/admin_api.hpp"
#include "daemon/app/audit_options.hpp"
#include "daemon/app/feed_reload.hpp"
#include "daemon/app/hit_statistics.hpp"
#include "daemon/app/options.hpp"
#include "daemon/app/privileges.hpp"
#include "daemon/app/rpz_export_start.hpp"
#include "daemon/app/service_status.hpp"
#include "daemon/app/service_watchdog.hpp"
#include "daemon/app/state_directory.hpp"
#include "daemon/app/upstream_watch.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/feed/feed_updater.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/log/log.hpp"
#include "daemon/metrics/daemon_counters.hpp"
#include "daemon/server/policy_sources.hpp"
#include "daemon/server/server.hpp"
#include "daemon/server/state_loader.hpp"

namespace {

using namespace roja;

struct StartupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int check_config(const std::string& path) {
    const auto result = config::load_config_file(path);
    for (const auto& problem : result.problems)
        std::cerr << config::format_problem(problem) << "\n";
    if (!result.is_ok()) {
        std::cerr << path << ": " << result.problems.size() << " problem(s)\n";
        return 1;
    }
    std::cout << path << ": OK\n";
    return 0;
}

std::string read_resolv_conf() {
    std::ifstream in("/etc/resolv.conf");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The file named by --config, else /etc/roja/roja.yaml when there are no quick-start flags and
// it exists, else the built-in default; the flags then override it.
config::Config effective_config(const app::Options& options) {
    std::optional<std::string> file = options.config_file;
    if (!file && !options.has_quick_start_flags() &&
        std::filesystem::exists(config::default_config_path()))
        file = std::string(config::default_config_path());
    config::Config config;
    if (file) {
        auto result = config::load_config_file(*file);
        if (!result.is_ok()) {
            std::string message = "configuration " + *file + " rejected:";
            for (const auto& problem : result.problems)
                message += "\n  " + config::format_problem(problem);
            throw StartupError(message);
        }
        config = std::move(*result.config);
    } else {
        config = config::default_config(read_resolv_conf());
    }
    app::apply_options(options, config);
    return config;
}

void log_load(const server::StateLoad& load, std::string_view event) {
    for (const auto& list : load.lists)
        log::info("list_loaded", {{"list", list.list_id},
                                  {"path", list.path},
                                  {"format", filter::to_string(list.format)},
                                  {"entries", std::to_string(list.entries)},
                                  {"invalid", std::to_string(list.invalid)},
                                  {"unsupported", std::to_string(list.unsupported)}});
    for (const auto& list : load.feed_lists)
        log::info("feed_list_loaded", {{"feed", list.feed_id},
                                       {"list", list.list_id},
                                       {"entries", std::to_string(list.loaded)},
                                       {"invalid", std::to_string(list.invalid)},
                                       {"never_blocked", std::to_string(list.never_blocked)}});
    for (const auto& error : load.line_errors)
        log::warning(
            "list_line_rejected",
            {{"file", error.file}, {"line", std::to_string(error.line)}, {"reason", error.reason}});
    log::info(event, {{"seconds", std::to_string(load.seconds)}});
}

void log_level(const config::Config& config, const app::Options& options) {
    std::string_view level = options.log_level ? std::string_view(*options.log_level)
                                               : config::to_string(config.log_level);
    log::set_min_level(level == "debug"     ? log::Level::debug
                       : level == "warning" ? log::Level::warning
                       : level == "error"   ? log::Level::error
                                            : log::Level::info);
}

// The state directory is used when a configuration file or --state-dir/--feed asks for it; a bare
// quick start (tests, benchmarks, several daemons side by side) runs without one.
std::unique_ptr<app::StateDirectory> open_state_directory(const config::Config& config,
                                                          const app::Options& options) {
    const bool is_wanted = options.config_file || options.state_dir || !config.feeds.empty() ||
                           !options.has_quick_start_flags();
    if (!is_wanted) return nullptr;
    try {
        return std::make_unique<app::StateDirectory>(config.state_dir);
    } catch (const std::exception& e) {
        if (!config.feeds.empty())
            throw StartupError(std::string(e.what()) +
                               " (feeds keep their last good version there)");
        log::warning("no_state_directory", {{"reason", e.what()}, {"missing", "audit log"}});
        return nullptr;
    }
}

std::unique_ptr<audit::AuditLog> open_audit_log(const app::StateDirectory* state,
                                                const config::Config& config) {
    if (!state) return nullptr;
    auto log = audit::AuditLog::open(state->audit_log(), {}, app::audit_options(config.audit));
    if (!log) {
        // Serving goes on; the operator sees why there is no record.
        log::error("audit_log_unusable",
                   {{"path", state->audit_log().string()}, {"reason", log.error().message()}});
        return nullptr;
    }
    return std::move(*log);
}

void record(audit::AuditLog* audit, std::string_view type, boost::json::object details) {
    if (!audit) return;
    if (auto appended = audit->append(type, std::move(details)); !appended)
        log::error("audit_write_failed", {{"type", type}, {"reason", appended.error().message()}});
}

// SIGHUP and POST /api/v1/reload: build the new state beside the old; publish it only when it
// loaded completely.
api::ReloadOutcome reload(const app::Options& options, server::PolicySources& sources,
                          const app::StateDirectory* state, audit::AuditLog* audit,
                          feed::FeedUpdater& updater) {
    const auto failed = [&](const std::string& reason) {
        log::error("reload_failed", {{"reason", reason}, {"kept", "previous lists and policy"}});
        record(audit, "config_rejected", {{"reason", reason}});
        app::notify_status(app::reload_failed_status(sources.serial(), reason));
        metrics::daemon_counters().reloads_failed.add();
        return api::ReloadOutcome{false, reason, 0};
    };
    try {
        config::Config config = effective_config(options);
        filter::NeverBlock never_block = server::load_never_block(config);
        const app::FeedChanges changes = app::feed_changes(updater.configs(), config.feeds);
        auto load = changes.any()
                        ? app::reload_with_feeds(std::move(config), std::move(never_block), sources,
                                                 updater, state, changes)
                        : sources.reload(std::move(config), std::move(never_block));
        if (!load.state) return failed(load.failure);
        log_load(load, "reloaded");
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
        app::notify_status(
            app::with_feeds(app::serving_status(sources.serial(), load), updater.status()));
        metrics::daemon_counters().reloads_ok.add();
        return {true, {}, load.seconds};
    } catch (const std::exception& e) {
        return failed(e.what());
    }
}

// What the admin API reads and does (docs/api.md); the hit store joins once it is open.
api::ApiSources admin_sources(const config::Config& config, const server::Server& server,
                              const server::StateHolder& states, const feed::FeedUpdater& updater,
                              const audit::AuditLog* audit, const app::StateDirectory* state,
                              const http::HttpCounters& http,
                              std::function<api::ReloadOutcome()> reload) {
    api::ApiSources sources;
    sources.http_counters = &http;
    sources.server = &server;
    sources.states = &states;
    sources.feeds = &updater;
    if (audit) sources.audit_log = audit->path();
    if (state) sources.state_dir = state->path();
    if (!config.server.listen.empty())
        sources.dns_server = app::loopback_view(config.server.listen.front());
    sources.started = std::chrono::system_clock::now();
    sources.reload = std::move(reload);
    return sources;
}

// Each feed's last good version, verified again, before the first answer.
void load_feeds(const config::Config& config, const app::StateDirectory* state,
                feed::FeedUpdater& updater, server::PolicySources& sources) {
    for (const auto& feed_config : config.feeds) {
        feed::FeedFollower& follower = updater.add(feed_config, state->path());
        sources.set_feed_version(feed_config.id, follower.load_last_good());
    }
}

int serve(const app::Options& options) {
    const config::Config config = effective_config(options);
    log_level(config, options);
    if (config.upstream.servers.empty()) throw StartupError("no upstream resolver configured");
    const auto state = open_state_directory(config, options);
    const auto audit = open_audit_log(state.get(), config);
    record(audit.get(), "daemon_started",
           {{"version", ROJA_VERSION}, {"config", options.config_file.value_or("")}});
    server::StateHolder states;
    server::PolicySources sources(states, config, server::load_never_block(config));
    feed::FeedUpdater updater(audit.get());
    load_feeds(config, state.get(), updater, sources);
    auto load = sources.publish();
    if (!load.state) throw StartupError(load.failure);
    log_load(load, "policy_loaded");
    updater.note_loaded(load.feed_lists);
    // Asio's signal handler only writes to a pipe, whichever thread the signal lands on; the
    // reload and the drain then run here, on the main thread, never on a worker.
    boost::asio::io_context main_io;
    boost::asio::signal_set signals(main_io, SIGHUP, SIGTERM, SIGINT);
    server::Server server(config, states);
    std::atomic<bool> stopping_admin{false};
    http::HttpServer http_side(config, states);  // the warning page and the HTTP filter, if enabled
    auto admin = app::AdminApi::bind(
        config, options,
        admin_sources(config, server, states, updater, audit.get(), state.get(),
                      http_side.counters(), [&] {
                          return app::run_on_main_thread(main_io, stopping_admin, [&] {
                              return reload(options, sources, state.get(), audit.get(), updater);
                          });
                      }));
    // RPZ export (docs/rpz-export.md): its listener binds here, with the other sockets.
    auto rpz_export = app::bind_rpz_export(config, states, sources, state.get(), audit.get());
    // Every socket is bound: leave root (or shed systemd's bind capability) before any worker
    // thread exists, since capabilities are per thread. Anything else that binds goes above.
    // The state directory was made by root; the user rojad becomes must be able to write it.
    app::log_serving_identity(app::drop_privileges(options.user, [&state](uid_t uid, gid_t gid) {
        if (state) state->hand_over(uid, gid);
    }));
    server.start();
    http_side.start();
    if (rpz_export) rpz_export->start();
    for (const auto& endpoint : config.server.listen)
        log::info("listening",
                  {{"address", config::to_string(endpoint)}, {"protocols", "udp,tcp"}});
    for (const auto& listener : http_side.describe())
        log::info("listening_http", {{"listener", listener}});
    log::info("ready", {{"threads", std::to_string(server.threads())}, {"version", ROJA_VERSION}});
    // After the privilege drop: the hit store's file belongs to the serving user.
    auto hit_statistics = app::HitStatistics::start(config, state.get(), server);
    if (admin)
        admin->start(hit_statistics ? hit_statistics->store() : nullptr,
                     hit_statistics ? hit_statistics->client_log_store() : nullptr);
    app::UpstreamWatch upstream_watch(main_io, server, audit.get());
    upstream_watch.start();
    sd_notify(0, "READY=1");
    app::notify_status(
        app::with_feeds(app::serving_status(sources.serial(), load), updater.status()));
    const auto watchdog = app::start_service_watchdog(main_io, server.worker_executors());
    updater.start(
        [&sources](std::shared_ptr<const feed::FeedCandidate> candidate,
                   const feed::PersistVersion& persist) {
            return sources.apply(std::move(candidate), persist);
        },
        [&sources, &updater] {
            app::notify_status(app::with_feeds(
                app::serving_status(sources.serial(), sources.last_published()), updater.status()));
        });

    bool stopping = false;
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                reload(options, sources, state.get(), audit.get(), updater);
                updater.poll_now();
                signals.async_wait(on_signal);
                return;
            }
            stopping = true;
        };
    signals.async_wait(on_signal);
    while (!stopping) main_io.run_one();
    stopping_admin = true;
    admin.reset();
    if (hit_statistics) hit_statistics->stop_flusher();

    sd_notify(0, "STOPPING=1");
    log::info("stopping", {{"reason", "signal"}});
    updater.stop();
    if (rpz_export) rpz_export->stop();
    http_side.stop();
    server.drain(std::chrono::milliseconds(2000));
    if (hit_statistics) hit_statistics->final_flush();  // what the workers counted while draining
    const auto totals = server.totals();
    log::info("stopped", {{"queries", std::to_string(totals.queries)},
                          {"blocked", std::to_string(totals.blocked)},
                          {"cached", std::to_string(totals.cached)},
                          {"upstream", std::to_string(totals.upstream)},
                          {"stale", std::to_string(totals.stale)},
                          {"servfail", std::to_string(totals.servfail)}});
    record(audit.get(), "daemon_stopped",
           {{"queries", totals.queries}, {"blocked", totals.blocked}});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const app::Options options = app::parse_options(argc, argv);
        if (options.help) {
            std::cout << app::usage();
            return 0;
        }
        if (options.version) {
            std::cout << "rojad " << ROJA_VERSION << "\n";
            return 0;
        }
        if (options.check_config) return check_config(*options.check_config);
        return serve(options);
    } catch (const std::invalid_argument& e) {
        std::cerr << "rojad: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        roja::log::error("startup_failed", {{"reason", e.what()}});
        return 1;
    }
}
