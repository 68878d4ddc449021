// rojactl: the operator's command-line tool. This file only dispatches: each subcommand lives
// in daemon/ctl/<name>_command.cpp and is one row of kCommands.
#include <exception>
#include <iostream>
#include <span>
#include <string_view>
#include <vector>

#include "daemon/ctl/api_commands.hpp"
#include "daemon/ctl/audit_command.hpp"
#include "daemon/ctl/feed_command.hpp"
#include "daemon/ctl/list_command.hpp"
#include "daemon/ctl/probe_command.hpp"
#include "daemon/ctl/report_command.hpp"

namespace {

struct Command {
    std::string_view name;
    int (*run)(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
    void (*usage)(std::ostream& out);
};

constexpr Command kCommands[] = {
    {"list", roja::ctl::run_list_command, roja::ctl::print_list_usage},
    {"feed", roja::ctl::run_feed_command, roja::ctl::print_feed_usage},
    {"audit", roja::ctl::run_audit_command, roja::ctl::print_audit_usage},
    {"probe", roja::ctl::run_probe_command, roja::ctl::print_probe_usage},
    {"report", roja::ctl::run_report_command, roja::ctl::print_report_usage},
    {"status", roja::ctl::run_status_command, roja::ctl::print_api_usage},
    {"hits", roja::ctl::run_hits_command, roja::ctl::print_no_usage},
    {"confirmation", roja::ctl::run_confirmation_command, roja::ctl::print_no_usage},
    {"why", roja::ctl::run_why_command, roja::ctl::print_no_usage},
    {"client-log", roja::ctl::run_client_log_command, roja::ctl::print_no_usage},
};

void print_usage(std::ostream& out) {
    out << "usage:\n  rojactl --version\n  rojactl help\n";
    for (const Command& command : kCommands) command.usage(out);
}

int dispatch(std::span<const std::string_view> args) {
    if (args.empty()) {
        print_usage(std::cerr);
        return 2;
    }
    if (args[0] == "--version") {
        std::cout << "rojactl " << ROJA_VERSION << "\n";
        return 0;
    }
    if (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        print_usage(std::cout);
        return 0;
    }
    for (const Command& command : kCommands)
        if (args[0] == command.name) return command.run(args.subspan(1), std::cout, std::cerr);
    std::cerr << "rojactl: unknown command '" << args[0] << "'\n";
    print_usage(std::cerr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    try {
        return dispatch(args);
    } catch (const std::exception& e) {
        std::cerr << "rojactl: " << e.what() << "\n";
        return 1;
    }
}
