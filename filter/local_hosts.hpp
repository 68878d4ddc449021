// Hosts-format files of the network's own names (local_records.hosts_files): "address name
// [alias...]" per line, '#' comments. Unlike a hosts blocklist, the address is the answer.
// No I/O: the daemon reads the file and hands the text over.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "filter/parse_report.hpp"

namespace roja::filter {

struct LocalHost {
    boost::asio::ip::address address;
    std::string name;  // canonical
};

struct LocalHostsFile {
    std::vector<LocalHost> hosts;    // one per (address, name) pair, in file order
    std::vector<ParseError> errors;  // the first ParseReport::kMaxErrors bad lines
    std::size_t invalid = 0;         // every bad line
};

// A bad line is reported (file, line, reason) and skipped; localhost boilerplate is skipped.
LocalHostsFile parse_local_hosts(std::string_view content, std::string_view file_name);

}  // namespace roja::filter
