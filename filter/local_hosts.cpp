#include "filter/local_hosts.hpp"

#include "filter/domain_name.hpp"
#include "filter/line_reader.hpp"
#include "filter/list_ip.hpp"

namespace roja::filter {

namespace {

bool is_loopback_boilerplate(const boost::asio::ip::address& address, std::string_view name) {
    return address.is_loopback() &&
           (name == "localhost" || name.starts_with("localhost") || name.starts_with("ip6-"));
}

void report(LocalHostsFile& file, std::string_view file_name, std::uint32_t line,
            std::string reason) {
    ++file.invalid;
    if (file.errors.size() < ParseReport::kMaxErrors)
        file.errors.push_back({std::string(file_name), line, std::move(reason)});
}

void parse_line(LocalHostsFile& file, std::string_view file_name, std::string_view line,
                std::uint32_t number, std::string& name) {
    std::string_view rest = trim_blanks(strip_hash_comment(line));
    if (rest.empty()) return;
    const std::string_view address_text = next_token(rest);
    boost::asio::ip::address address;
    if (!parse_ip_address(address_text, address))
        return report(file, file_name, number, "not an IP address");
    std::string_view token = next_token(rest);
    if (token.empty()) return report(file, file_name, number, "an address with no name");
    for (; !token.empty(); token = next_token(rest)) {
        if (!canonicalize(token, name) || name.empty()) {
            report(file, file_name, number, "not a domain name");
            continue;
        }
        if (!is_loopback_boilerplate(address, name)) file.hosts.push_back({address, name});
    }
}

}  // namespace

LocalHostsFile parse_local_hosts(std::string_view content, std::string_view file_name) {
    LocalHostsFile file;
    LineReader lines(content);
    std::string_view line;
    std::string name;
    while (lines.next(line)) parse_line(file, file_name, line, lines.number(), name);
    return file;
}

}  // namespace roja::filter
