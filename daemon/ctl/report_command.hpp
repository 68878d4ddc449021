// `rojactl report verify --key HUB.pub FILE`: checks a compliance report signed by rojahub
// (audit/signed_document.hpp) offline; `--out DOC` writes the verified document.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace roja::ctl {

int run_report_command(std::span<const std::string_view> args, std::ostream& out,
                       std::ostream& err);
void print_report_usage(std::ostream& out);

}  // namespace roja::ctl
