// `rojactl audit verify [--key PUB.pem] [FILE|DIR...]`: checks the audit chain (and the signed
// checkpoints) of a state directory's audit files or of the files given, in order, and names
// the first bad record.
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// Exit code: 0 the chain holds, 1 a bad record (named on `err`) or an unreadable file, 2 usage.
int run_audit_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
void print_audit_usage(std::ostream& out);

}  // namespace roja::ctl
