#include "daemon/app/rojad.hpp"

#include <systemd/sd-daemon.h>

#include <csignal>
#include <functional>

#include "daemon/app/privileges.hpp"
#include "daemon/app/reload.hpp"
#include "daemon/app/rpz_export_start.hpp"
#include "daemon/app/service_status.hpp"
#include "daemon/app/startup.hpp"
#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

config::Config checked_config(const Options& options) {
    config::Config config = effective_config(options);
    set_log_level(config, options);
    if (config.upstream.servers.empty()) throw StartupError("no upstream resolver configured");
    return config;
}

}  // namespace

Rojad::Rojad(Options options) : options_(std::move(options)), config_(checked_config(options_)) {}

int Rojad::run() {
    load_policy();
    bind();
    drop_privileges();
    start_serving();
    start_feeds();
    wait_for_signals();
    stop();
    return 0;
}

void Rojad::load_policy() {
    state_ = open_state_directory(config_, options_);
    audit_ = open_audit_log(state_.get(), config_);
    record(audit_.get(), "daemon_started",
           {{"version", ROJA_VERSION}, {"config", options_.config_file.value_or("")}});
    sources_.emplace(states_, config_, server::load_never_block(config_));
    updater_.emplace(audit_.get());
    // Each feed's last good version, verified again, before the first answer.
    for (const auto& feed_config : config_.feeds) {
        feed::FeedFollower& follower = updater_->add(feed_config, state_->path());
        sources_->set_feed_version(feed_config.id, follower.load_last_good());
    }
    open_rpz_secondary();
    first_load_ = sources_->publish();
    if (!first_load_.state) throw StartupError(first_load_.failure);
    log_load(first_load_, "policy_loaded");
    record_local_overrides(audit_.get(), *first_load_.state);
    updater_->note_loaded(first_load_.feed_lists);
}

// Lists taken from an RPZ primary: their last good zones join the first policy; each new one
// is built, persisted and published through the same PolicySources as a feed version.
void Rojad::open_rpz_secondary() {
    rpz_secondary_ = rpz::RpzSecondary::create(
        config_, [this](const std::string& list_id, std::shared_ptr<const std::string> text,
                        const std::function<bool()>& persist) {
            const auto load = sources_->apply_zone(list_id, std::move(text), persist);
            if (!load.state)
                return load.failure.empty() ? std::string("the policy did not build")
                                            : load.failure;
            notify_serving();
            return std::string();
        });
    if (!rpz_secondary_) return;
    if (!state_)
        throw StartupError("lists taken from a primary need a state directory (state_dir)");
    for (auto& [list_id, text] : rpz_secondary_->load_last_good())
        sources_->set_transferred_zone(list_id, std::move(text));
}

void Rojad::bind() {
    signals_.emplace(main_io_, SIGHUP, SIGTERM, SIGINT);
    server_.emplace(config_, states_);
    http_side_.emplace(config_, states_);
    // RPZ export (docs/rpz-export.md): its listener binds here, with the other sockets.
    rpz_export_ = bind_rpz_export(config_, states_, *sources_, state_.get(), audit_.get());
    // What the admin API reads and does (docs/api.md); the hit store joins once it is open.
    api::ApiSources sources;
    sources.http_counters = &http_side_->counters();
    sources.server = &*server_;
    sources.states = &states_;
    sources.feeds = &*updater_;
    if (audit_) sources.audit_log = audit_->path();
    if (state_) sources.state_dir = state_->path();
    if (!config_.server.listen.empty())
        sources.dns_server = loopback_view(config_.server.listen.front());
    sources.started = std::chrono::system_clock::now();
    sources.reload = [this] {
        return run_on_main_thread(main_io_, stopping_admin_, [this] { return reload(); });
    };
    if (rpz_export_) sources.rpz_counters = &rpz_export_->counters();
    admin_ = AdminApi::bind(config_, options_, std::move(sources));
}

void Rojad::drop_privileges() {
    // Every socket is bound: leave root (or shed systemd's bind capability) before any worker
    // thread exists. The state directory was made by root; the serving user must write it.
    log_serving_identity(app::drop_privileges(options_.user, [this](uid_t uid, gid_t gid) {
        if (state_) state_->hand_over(uid, gid);
    }));
}

void Rojad::start_serving() {
    server_->start();
    http_side_->start();
    if (rpz_export_) rpz_export_->start();
    for (const auto& endpoint : config_.server.listen)
        log::info("listening",
                  {{"address", config::to_string(endpoint)}, {"protocols", "udp,tcp"}});
    for (const auto& endpoint : config_.server.tls.listen)
        log::info("listening", {{"address", config::to_string(endpoint)}, {"protocols", "dot"}});
    for (const auto& listener : http_side_->describe())
        log::info("listening_http", {{"listener", listener}});
    log::info("ready",
              {{"threads", std::to_string(server_->threads())}, {"version", ROJA_VERSION}});
    // After the privilege drop: the hit store's file belongs to the serving user.
    hit_statistics_ = HitStatistics::start(config_, state_.get(), *server_);
    if (admin_)
        admin_->start(hit_statistics_ ? hit_statistics_->store() : nullptr,
                      hit_statistics_ ? hit_statistics_->client_log_store() : nullptr);
    upstream_watch_.emplace(main_io_, *server_, audit_.get());
    upstream_watch_->start();
    sd_notify(0, "READY=1");
    notify_status(with_feeds(serving_status(sources_->serial(), first_load_), updater_->status()));
    watchdog_ = start_service_watchdog(main_io_, server_->worker_executors());
}

void Rojad::start_feeds() {
    updater_->start(
        [this](std::shared_ptr<const feed::FeedCandidate> candidate,
               const feed::PersistVersion& persist) {
            return sources_->apply(std::move(candidate), persist);
        },
        [this] { notify_serving(); });
    if (rpz_secondary_) rpz_secondary_->start();
}

void Rojad::notify_serving() {
    notify_status(with_feeds(serving_status(sources_->serial(), sources_->last_published()),
                             updater_->status()));
}

api::ReloadOutcome Rojad::reload() {
    if (config_.server.tls.is_on()) reload_tls_credentials(*server_);
    return app::reload(options_, *sources_, state_.get(), audit_.get(), *updater_);
}

void Rojad::wait_for_signals() {
    bool stopping = false;
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                reload();
                updater_->poll_now();
                signals_->async_wait(on_signal);
                return;
            }
            stopping = true;
        };
    signals_->async_wait(on_signal);
    while (!stopping) main_io_.run_one();
}

void Rojad::stop() {
    stopping_admin_ = true;
    admin_.reset();
    if (hit_statistics_) hit_statistics_->stop_flusher();
    sd_notify(0, "STOPPING=1");
    log::info("stopping", {{"reason", "signal"}});
    updater_->stop();
    if (rpz_secondary_) rpz_secondary_->stop();
    if (rpz_export_) rpz_export_->stop();
    http_side_->stop();
    server_->drain(std::chrono::milliseconds(2000));
    if (hit_statistics_) hit_statistics_->final_flush();  // what the workers counted draining
    const auto totals = server_->totals();
    log::info("stopped", {{"queries", std::to_string(totals.queries)},
                          {"blocked", std::to_string(totals.blocked)},
                          {"cached", std::to_string(totals.cached)},
                          {"upstream", std::to_string(totals.upstream)},
                          {"stale", std::to_string(totals.stale)},
                          {"servfail", std::to_string(totals.servfail)}});
    record(audit_.get(), "daemon_stopped",
           {{"queries", totals.queries}, {"blocked", totals.blocked}});
}

}  // namespace roja::app
