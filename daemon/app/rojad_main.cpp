// rojad: the filtering DNS resolver proxy. Start-up (flags, config, lists, sockets) may throw;
// everything after "ready" runs on the workers, and this thread only waits for signals
// (daemon/app/rojad.hpp lists the steps).
#include <iostream>
#include <stdexcept>

#include "config/config_loader.hpp"
#include "daemon/app/options.hpp"
#include "daemon/app/rojad.hpp"
#include "daemon/log/log.hpp"

namespace {

using namespace roja;

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
        app::Rojad rojad(options);
        return rojad.run();
    } catch (const std::invalid_argument& e) {
        std::cerr << "rojad: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        roja::log::error("startup_failed", {{"reason", e.what()}});
        return 1;
    }
}
