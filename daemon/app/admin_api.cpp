#include "daemon/app/admin_api.hpp"

#include <chrono>
#include <future>

#include <boost/asio/post.hpp>

#include "daemon/log/log.hpp"

namespace roja::app {

namespace {

// The state directory's rule: a file (or /etc/roja/roja.yaml) gets the listener by default; a
// quick start (tests, benchmarks, daemons side by side) only with --admin-listen.
bool is_wanted(const config::Config& config, const Options& options) {
    if (!config.admin.enabled) return false;
    return options.admin_listen || options.config_file || !options.has_quick_start_flags();
}

}  // namespace

AdminApi::AdminApi(const config::Config& config, api::ApiSources sources)
    : sources_(std::move(sources)),
      tokens_(config.admin.tokens.size()),
      metrics_token_(config.admin.metrics_token),
      router_(api::TokenTable(config.admin.tokens)) {
    sources_.metrics_token = config.admin.metrics_token;
    api::add_routes(router_, sources_);
    listener_ = std::make_unique<api::AdminListener>(config.admin, router_);
}

AdminApi::~AdminApi() {
    if (listener_) listener_->stop();
}

std::unique_ptr<AdminApi> AdminApi::bind(const config::Config& config, const Options& options,
                                         api::ApiSources sources) {
    if (!is_wanted(config, options)) return nullptr;
    try {
        return std::unique_ptr<AdminApi>(new AdminApi(config, std::move(sources)));
    } catch (const std::exception& e) {
        log::error("admin_listener_unavailable",
                   {{"reason", e.what()}, {"missing", "metrics and API"}});
        return nullptr;
    }
}

void AdminApi::start(stats::HitStore* hits, stats::ClientLogStore* client_log) {
    sources_.hits = hits;  // before the listener's thread exists: no race
    sources_.client_log = client_log;
    listener_->start();
    log::info("admin_listening", {{"port", std::to_string(listener_->port())},
                                  {"tls", listener_->is_tls() ? "yes" : "no"},
                                  {"tokens", std::to_string(tokens_)}});
    if (tokens_ == 0)
        log::warning("admin_without_tokens",
                     {{"open", metrics_token_ ? "nothing" : "/metrics only"}});
}

config::Endpoint loopback_view(const config::Endpoint& listen) {
    if (!listen.address.is_unspecified()) return listen;
    return {listen.address.is_v4()
                ? boost::asio::ip::address(boost::asio::ip::address_v4::loopback())
                : boost::asio::ip::address(boost::asio::ip::address_v6::loopback()),
            listen.port};
}

api::ReloadOutcome run_on_main_thread(boost::asio::io_context& main_io,
                                      const std::atomic<bool>& stopping,
                                      std::function<api::ReloadOutcome()> work) {
    auto done = std::make_shared<std::promise<api::ReloadOutcome>>();
    auto outcome = done->get_future();
    boost::asio::post(main_io, [done, work = std::move(work)] { done->set_value(work()); });
    // Short waits: a shutdown in between must not keep the admin thread (and the exit) waiting.
    while (outcome.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (stopping.load()) return {false, "rojad is stopping", 0};
    }
    return outcome.get();
}

}  // namespace roja::app
