// rojahub's command line.
#include <stdexcept>
#include <string_view>

#include "daemon/hub/rojahub.hpp"

namespace roja::hub {

HubOptions parse_hub_options(int argc, char** argv) {
    HubOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const bool has_value = i + 1 < argc && argv[i + 1][0] != '-';
        if (arg == "--config" && has_value)
            options.config_path = argv[++i];
        else if (arg == "--check-config")
            options.check_config = has_value ? std::string(argv[++i]) : options.config_path;
        else if (arg == "--once")
            options.once = true;
        else if (arg == "--help" || arg == "-h")
            options.help = true;
        else if (arg == "--version")
            options.version = true;
        else
            throw std::invalid_argument("unknown or incomplete option " + std::string(arg) +
                                        " (see --help)");
    }
    return options;
}

const char* hub_usage() {
    return "usage: rojahub [--config FILE] [--once]\n"
           "       rojahub --check-config [FILE]\n"
           "  --config FILE        hub.yaml (default /etc/roja/hub.yaml)\n"
           "  --check-config FILE  report every problem of FILE with file:line:column, exit 1 if "
           "any\n"
           "  --once               poll every node once, sweep the alarms, exit (1 if a poll "
           "failed)\n";
}

}  // namespace roja::hub
