// A URL entry (host/path) probed the way a browser reaches it: the host through the resolver,
// then an HTTP GET for the path at the address the resolver gave, which a filtering network
// answers with 451 (RFC 7725) — rojad's HTTP filter does. A host blocked whole at DNS
// (NXDOMAIN, NODATA) is blocked too; any other status is not.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>

#include "daemon/ctl/dns_probe.hpp"

namespace roja::ctl {

// `url` as a list holds it: host/path (no scheme). Plain HTTP to `http_port`: the probe tests the
// network's filter, which sees the path only in clear text.
ProbeAnswer probe_url(const boost::asio::ip::udp::endpoint& resolver, std::string_view url,
                      std::span<const boost::asio::ip::address> warning,
                      std::chrono::milliseconds timeout, std::uint16_t http_port);

}  // namespace roja::ctl
