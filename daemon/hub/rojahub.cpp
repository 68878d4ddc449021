#include "daemon/hub/rojahub.hpp"

#include <systemd/sd-daemon.h>

#include <csignal>
#include <filesystem>
#include <stdexcept>

#include "config/config_problem.hpp"
#include "daemon/api/admin_listener.hpp"
#include "daemon/api/api_router.hpp"
#include "daemon/hub/audit_store.hpp"
#include "daemon/hub/hub_poller.hpp"
#include "daemon/hub/hub_routes.hpp"
#include "daemon/hub/node_store.hpp"
#include "daemon/hub/probe_store.hpp"
#include "daemon/log/log.hpp"

namespace roja::hub {

namespace {

config::HubConfig load_or_throw(const std::string& path) {
    auto loaded = config::load_hub_config_file(path);
    if (loaded.is_ok()) return std::move(*loaded.config);
    std::string text = path + ": " + std::to_string(loaded.problems.size()) + " problem(s)";
    for (const auto& problem : loaded.problems) text += "\n" + config::format_problem(problem);
    throw std::runtime_error(text);
}

std::string prepare_state(const config::HubConfig& hub, const std::vector<NodeTarget>& nodes) {
    std::filesystem::create_directories(hub.state_dir);
    const std::string database = hub.state_dir + "/hub.sqlite";
    auto db = open_hub_database(database);
    if (!db) throw std::runtime_error(database + ": " + db.error().message());
    for (const NodeTarget& node : nodes)
        if (auto done = register_node(db->get(), node.config, unix_now()); !done)
            throw std::runtime_error(database + ": " + done.error().message());
    return database;
}

log::Level level_of(config::LogLevel level) {
    return static_cast<log::Level>(static_cast<int>(level));
}

int wait_for_signal() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    int received = 0;
    sigwait(&signals, &received);
    return received;
}

void block_signals() {
    // Before any thread starts, so every thread inherits the mask and only sigwait sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

}  // namespace

Rojahub::Rojahub(const HubOptions& options)
    : options_(options), config_(load_or_throw(options.config_path)) {
    log::set_min_level(level_of(config_.log_level));
    nodes_ = load_node_targets(config_);
    prober_keys_ = load_prober_keys(config_.probes);
    database_ = prepare_state(config_, nodes_);
    if (options_.once || !config_.api.enabled) return;
    views_ = std::make_unique<HubViews>(config_, database_);
    router_ = std::make_unique<api::ApiRouter>(api::TokenTable(config_.api.tokens));
    add_hub_routes(*router_, *views_);
    listener_ = std::make_unique<api::AdminListener>(config_.api, *router_);
}

Rojahub::~Rojahub() = default;

int Rojahub::run() {
    if (options_.once) {
        HubPoller poller(config_, nodes_, prober_keys_, database_, nullptr);
        const CycleSummary summary = poller.run_cycle();
        return summary.failed == 0 ? 0 : 1;
    }
    block_signals();
    if (listener_) listener_->start();
    HubPoller poller(config_, nodes_, prober_keys_, database_, [](const CycleSummary& summary) {
        const std::string status = "polled " + std::to_string(summary.nodes) + " node(s), " +
                                   std::to_string(summary.failed) + " failed";
        sd_notify(0, ("STATUS=" + status).c_str());
    });
    poller.start();
    log::info("hub_started", {{"nodes", std::to_string(nodes_.size())},
                              {"port", listener_ ? std::to_string(listener_->port()) : "none"}});
    sd_notify(0, "READY=1");
    const int signal = wait_for_signal();
    sd_notify(0, "STOPPING=1");
    log::info("hub_stopping", {{"signal", std::to_string(signal)}});
    poller.stop();
    if (listener_) listener_->stop();
    return 0;
}

}  // namespace roja::hub
