// The owner of an rpz-ip trigger (draft-vixie-dnsop-dns-rpz §4.2): the prefix length, then the
// address's parts in reverse order, under "rpz-ip" ("24.0.2.0.192.rpz-ip"; IPv6 groups in hex
// with the longest run of zero groups written once as "zz": "48.zz.db8.2001.rpz-ip").
#pragma once

#include <string>

#include "filter/ip_prefix.hpp"

namespace roja::rpz {

// Appends the owner (relative to the zone apex) to `out`.
void append_rpz_ip_owner(const filter::IpPrefix& prefix, std::string& out);

}  // namespace roja::rpz
