// `rojactl feed sign DIR --secret FILE [--trusted-comment TEXT] [--comment TEXT] [--legacy]`:
// writes DIR/manifest.json.minisig, which the real `minisign -V` accepts.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "daemon/feed/minisign_writer.hpp"

namespace roja::ctl {

// A minisign secret key file (unencrypted), or nullopt after saying why on `err`, prefixed with
// `command`.
std::optional<feed::MinisignSecretKey> load_secret_key(const std::string& path,
                                                       std::string_view command, std::ostream& err);

// "roja-feed <feed> serial <n> timestamp:<unix seconds> file:manifest.json"
std::string default_feed_trusted_comment(std::string_view feed, std::uint64_t serial,
                                         std::chrono::sys_seconds now);

// `args` follow "feed sign". Exit code: 0 signed, 1 failed, 2 usage error.
int run_feed_sign(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_feed_sign_usage(std::ostream& out);

}  // namespace roja::ctl
