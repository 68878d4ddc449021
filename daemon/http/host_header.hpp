// The name a request asked for, from its Host header (or absolute-form target): the port and a
// trailing dot dropped, lower-cased, checked to be a DNS host name, in filter/'s canonical form.
#pragma once

#include <string>
#include <string_view>

namespace roja::http {

enum class HostStatus {
    name,     // `canonical` holds the name
    address,  // an IP literal: no name to look up
    invalid,  // not a host at all: answer 400
};

struct HostName {
    HostStatus status = HostStatus::invalid;
    std::string canonical;
    std::uint16_t port = 0;  // 0 when the header named none
};

// Letters, digits, '-', '_' and '.' only (browsers send IDNs as A-labels), labels of 1 to 63
// characters, at most 253 in all; anything else is invalid, so hostile bytes never reach a
// lookup or a page.
HostName parse_host_header(std::string_view host);

}  // namespace roja::http
