// `rojactl list check FILE [--format F]` and `rojactl list lookup FILE [--format F] NAME...`:
// what a list file holds and how it would decide names, before it goes into a config.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// `args` follow the word "list". Returns the exit code: 0 when the file was read (bad lines
// included), 1 when it could not be read or parsed at all, 2 on a usage error.
int run_list_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

void print_list_usage(std::ostream& out);

}  // namespace roja::ctl
