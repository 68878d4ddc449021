// rojahub: the regulator's hub (docs/hub.md). Start-up may throw; the rest runs on the poller's
// and the listener's threads (daemon/hub/rojahub.hpp).
#include <iostream>
#include <stdexcept>

#include "config/hub_config.hpp"
#include "daemon/hub/rojahub.hpp"
#include "daemon/log/log.hpp"

namespace {

using namespace roja;

int check_config(const std::string& path) {
    const auto result = config::load_hub_config_file(path);
    for (const auto& problem : result.problems)
        std::cerr << config::format_problem(problem) << "\n";
    if (!result.is_ok()) {
        std::cerr << path << ": " << result.problems.size() << " problem(s)\n";
        return 1;
    }
    std::cout << path << ": OK, " << result.config->nodes.size() << " node(s)\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const hub::HubOptions options = hub::parse_hub_options(argc, argv);
        if (options.help) return std::cout << hub::hub_usage(), 0;
        if (options.version) return std::cout << "rojahub " << ROJA_VERSION << "\n", 0;
        if (options.check_config) return check_config(*options.check_config);
        hub::Rojahub rojahub(options);
        return rojahub.run();
    } catch (const std::invalid_argument& e) {
        std::cerr << "rojahub: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        log::error("hub_startup_failed", {{"reason", e.what()}});
        return 1;
    }
}
