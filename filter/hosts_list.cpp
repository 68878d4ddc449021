// Hosts files: an address, then one or more names. The address is ignored (the list's action
// decides the answer); each name is blocked with its subdomains, like every other blocklist.
// The loopback boilerplate every hosts file starts with is skipped, not reported.
#include <array>
#include <string>

#include "filter/line_reader.hpp"
#include "filter/list_ip.hpp"
#include "filter/list_name.hpp"
#include "filter/list_parser.hpp"

namespace roja::filter {

namespace {

// Canonical spellings of the names /etc/hosts maps to the machine itself.
constexpr std::array<std::string_view, 16> kLocalNames = {
    "localhost",
    "localhost.localdomain",
    "local",
    "broadcasthost",
    "ip6-localhost",
    "ip6-loopback",
    "ip6-localnet",
    "ip6-mcastprefix",
    "ip6-allnodes",
    "ip6-allrouters",
    "ip6-allhosts",
    "localhost4",
    "localhost6",
    "localhost4.localdomain4",
    "localhost6.localdomain6",
    "0.0.0.0",
};

bool is_local_name(std::string_view token) noexcept {
    if (token.size() > 24)
        return false;  // longer than any of them (with a dot): skip the comparisons
    std::array<char, 25> lower{};
    for (std::size_t i = 0; i < token.size(); ++i)
        lower[i] =
            (token[i] >= 'A' && token[i] <= 'Z') ? static_cast<char>(token[i] + 32) : token[i];
    std::string_view name(lower.data(), token.size());
    if (name.ends_with('.')) name.remove_suffix(1);
    for (std::string_view local : kLocalNames)
        if (name == local) return true;
    return false;
}

class HostsLineParser {
  public:
    HostsLineParser(ParseReport& report, EntrySink& sink) : report_(report), sink_(sink) {
        name_.reserve(kMaxCanonicalChars);
    }

    void parse(std::string_view line, std::uint32_t number) {
        std::string_view rest = trim_blanks(strip_hash_comment(line));
        if (rest.empty()) return;
        const std::string_view address = next_token(rest);
        boost::asio::ip::address parsed;
        if (!parse_ip_address(address, parsed)) {
            report_.count_invalid(number, describe("not an IP address", address));
            return;
        }
        std::string_view name = next_token(rest);
        if (name.empty()) {
            report_.count_invalid(number, describe("an address with no name", line));
            return;
        }
        for (; !name.empty(); name = next_token(rest)) add_name(name, number);
    }

  private:
    void add_name(std::string_view token, std::uint32_t number) {
        if (is_local_name(token)) {
            report_.count_skipped();
            return;
        }
        if (!canonicalize_listed_name(token, name_, number, report_)) return;
        emit_domain(report_, sink_, name_, number);
    }

    ParseReport& report_;
    EntrySink& sink_;
    std::string name_;  // reused for every name
};

}  // namespace

ParseReport parse_hosts_list(std::string_view content, std::string_view file_name,
                             EntrySink& sink) {
    return parse_each_line<HostsLineParser>(content, file_name, ListFormat::hosts, sink);
}

}  // namespace roja::filter
