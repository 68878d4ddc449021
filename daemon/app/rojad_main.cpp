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

#include "config/config_loader.hpp"
#include "config/default_paths.hpp"
#include "daemon/app/options.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/log/log.hpp"
#include "daemon/server/server.hpp"
#include "daemon/server/state_loader.hpp"

namespace {

using namespace roja;

struct StartupError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int check_config(const std::string& path) {
    const auto result = config::load_config_file(path);
    for (const auto& problem : result.problems) std::cerr << config::format_problem(problem) << "\n";
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
    if (!file && !options.has_quick_start_flags() && std::filesystem::exists(config::default_config_path()))
        file = std::string(config::default_config_path());
    config::Config config;
    if (file) {
        auto result = config::load_config_file(*file);
        if (!result.is_ok()) {
            std::string message = "configuration " + *file + " rejected:";
            for (const auto& problem : result.problems) message += "\n  " + config::format_problem(problem);
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
    for (const auto& error : load.line_errors)
        log::warning("list_line_rejected", {{"file", error.file}, {"line", std::to_string(error.line)}, {"reason", error.reason}});
    log::info(event, {{"seconds", std::to_string(load.seconds)}});
}

void log_level(const config::Config& config, const app::Options& options) {
    std::string_view level = options.log_level ? std::string_view(*options.log_level) : config::to_string(config.log_level);
    log::set_min_level(level == "debug" ? log::Level::debug
                       : level == "warning" ? log::Level::warning
                       : level == "error"   ? log::Level::error
                                            : log::Level::info);
}

// SIGHUP: build the new state beside the old; publish it only when it loaded completely.
void reload(const app::Options& options, server::StateHolder& states, std::uint64_t& serial) {
    try {
        const config::Config config = effective_config(options);
        auto load = server::load_serving_state(config, serial + 1);
        if (!load.state) {
            log::error("reload_failed", {{"reason", load.failure}, {"kept", "previous lists and policy"}});
            return;
        }
        ++serial;
        states.publish(load.state);
        log_load(load, "reloaded");
    } catch (const std::exception& e) {
        log::error("reload_failed", {{"reason", e.what()}, {"kept", "previous lists and policy"}});
    }
}

int serve(const app::Options& options) {
    const config::Config config = effective_config(options);
    log_level(config, options);
    if (config.upstream.servers.empty()) throw StartupError("no upstream resolver configured");
    server::StateHolder states;
    std::uint64_t serial = 1;
    auto load = server::load_serving_state(config, serial);
    if (!load.state) throw StartupError(load.failure);
    states.publish(load.state);
    log_load(load, "policy_loaded");

    // Asio's signal handler only writes to a pipe, whichever thread the signal lands on; the
    // reload and the drain then run here, on the main thread, never on a worker.
    boost::asio::io_context main_io;
    boost::asio::signal_set signals(main_io, SIGHUP, SIGTERM, SIGINT);
    server::Server server(config, states);
    http::HttpServer http_side(config, states);  // the warning page and the HTTP filter, if enabled
    server.start();
    http_side.start();
    for (const auto& endpoint : config.server.listen)
        log::info("listening", {{"address", config::to_string(endpoint)}, {"protocols", "udp,tcp"}});
    for (const auto& listener : http_side.describe()) log::info("listening_http", {{"listener", listener}});
    log::info("ready", {{"threads", std::to_string(server.threads())}, {"version", ROJA_VERSION}});
    sd_notify(0, "READY=1");

    bool stopping = false;
    std::function<void(const boost::system::error_code&, int)> on_signal = [&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        if (sig == SIGHUP) {
            reload(options, states, serial);
            signals.async_wait(on_signal);
            return;
        }
        stopping = true;
    };
    signals.async_wait(on_signal);
    while (!stopping) main_io.run_one();

    sd_notify(0, "STOPPING=1");
    log::info("stopping", {{"reason", "signal"}});
    http_side.stop();
    server.drain(std::chrono::milliseconds(2000));
    const auto totals = server.totals();
    log::info("stopped", {{"queries", std::to_string(totals.queries)},
                          {"blocked", std::to_string(totals.blocked)},
                          {"cached", std::to_string(totals.cached)},
                          {"upstream", std::to_string(totals.upstream)},
                          {"stale", std::to_string(totals.stale)},
                          {"servfail", std::to_string(totals.servfail)}});
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
