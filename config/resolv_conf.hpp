// The system's resolvers, used as upstreams when the config names none. The parser takes the
// text so it is testable; reading /etc/resolv.conf is a separate thin wrapper.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/endpoint.hpp"

namespace roja::config {

inline constexpr std::string_view kResolvConfPath = "/etc/resolv.conf";

// Every `nameserver ADDRESS` line, in order, on port 53. Comments ('#' or ';'), other options
// and unparsable addresses are skipped, as the C library does. "fe80::1%eth0" keeps its scope.
std::vector<Endpoint> nameservers_from_resolv_conf(std::string_view text);

// The file's text, or "" when it cannot be read (then the fallback upstream applies).
std::string read_resolv_conf(const std::string& path = std::string(kResolvConfPath));

}  // namespace roja::config
