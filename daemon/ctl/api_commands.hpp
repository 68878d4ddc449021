// rojactl commands that ask the running rojad through its admin API (docs/api.md):
//   rojactl status | hits [...] | confirmation --feed ID --serial N [--csv] | why NAME [--client
//   IP] | client-log [--client IP] [...]
// Each takes --api URL (default http://127.0.0.1:8053), --token-file FILE (else $ROJA_TOKEN)
// and --ca FILE (an HTTPS listener's certificate).
#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace roja::ctl {

// Exit codes: 0 answered, 1 the API said no (its message on `err`) or could not be reached, 2
// usage.
int run_status_command(std::span<const std::string_view> args, std::ostream& out,
                       std::ostream& err);
int run_hits_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
int run_confirmation_command(std::span<const std::string_view> args, std::ostream& out,
                             std::ostream& err);
int run_why_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
int run_client_log_command(std::span<const std::string_view> args, std::ostream& out,
                           std::ostream& err);
void print_api_usage(std::ostream& out);
void print_no_usage(std::ostream& out);  // for the rows whose usage print_api_usage already gives

}  // namespace roja::ctl
