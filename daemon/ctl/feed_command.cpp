#include "daemon/ctl/feed_command.hpp"

#include <ostream>

#include "daemon/ctl/feed_build.hpp"
#include "daemon/ctl/feed_fetch_command.hpp"
#include "daemon/ctl/feed_keygen.hpp"
#include "daemon/ctl/feed_sign.hpp"
#include "daemon/ctl/feed_status_command.hpp"
#include "daemon/ctl/feed_verify.hpp"

namespace roja::ctl {

namespace {

struct FeedSubcommand {
    std::string_view name;
    int (*run)(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
    void (*usage)(std::ostream& out);
};

constexpr FeedSubcommand kSubcommands[] = {
    {"keygen", run_feed_keygen, print_feed_keygen_usage},
    {"build", run_feed_build, print_feed_build_usage},
    {"sign", run_feed_sign, print_feed_sign_usage},
    {"verify", run_feed_verify, print_feed_verify_usage},
    {"fetch", run_feed_fetch, print_feed_fetch_usage},
    {"status", run_feed_status, print_feed_status_usage},
};

}  // namespace

void print_feed_usage(std::ostream& out) {
    for (const FeedSubcommand& subcommand : kSubcommands) subcommand.usage(out);
}

int run_feed_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (!args.empty())
        for (const FeedSubcommand& subcommand : kSubcommands)
            if (args[0] == subcommand.name) return subcommand.run(args.subspan(1), out, err);
    err << "usage:\n";
    print_feed_usage(err);
    return 2;
}

}  // namespace roja::ctl
