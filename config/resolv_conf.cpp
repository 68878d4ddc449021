#include "config/resolv_conf.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "config/value_parsers.hpp"

namespace roja::config {

namespace {

constexpr std::string_view kBlank = " \t\r";

// Next whitespace-separated token of `line`, advancing it.
std::string_view next_token(std::string_view& line) {
    const auto start = line.find_first_not_of(kBlank);
    if (start == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(start);
    const auto end = std::min(line.find_first_of(kBlank), line.size());
    const std::string_view token = line.substr(0, end);
    line.remove_prefix(end);
    return token;
}

}  // namespace

std::vector<Endpoint> nameservers_from_resolv_conf(std::string_view text) {
    std::vector<Endpoint> servers;
    while (!text.empty()) {
        const auto newline = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(std::min(newline + 1, text.size()));
        line = line.substr(0, std::min(line.find_first_of("#;"), line.size()));
        if (next_token(line) != "nameserver") continue;
        const auto address = parse_address(next_token(line));
        if (address) servers.push_back(Endpoint{*address, kDnsPort});
    }
    return servers;
}

std::string read_resolv_conf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

}  // namespace roja::config
