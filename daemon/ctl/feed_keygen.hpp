// `rojactl feed keygen --public FILE --secret FILE [--comment TEXT] [--force]`: a minisign key
// pair for signing feeds; the secret key is unencrypted (mode 0600), as `minisign -G -W` makes it.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// `args` follow "feed keygen". Exit code: 0 done, 1 failed, 2 usage error.
int run_feed_keygen(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_feed_keygen_usage(std::ostream& out);

}  // namespace roja::ctl
