// Addresses as the config names them: a socket endpoint (listen, upstream) and an IP prefix
// (access lists, group membership). Plain values; matching clients against them is policy's job.
#pragma once

#include <cstdint>
#include <string>

#include <boost/asio/ip/address.hpp>

namespace roja::config {

inline constexpr std::uint16_t kDnsPort = 53;

struct Endpoint {
    boost::asio::ip::address address;
    std::uint16_t port = kDnsPort;

    friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

// A network address with its prefix length; the host bits of `address` are always zero.
struct IpPrefix {
    boost::asio::ip::address address;
    unsigned length = 0;

    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

// "127.0.0.1:53", "[::1]:5353".
std::string to_string(const Endpoint& endpoint);
// "10.1.0.0/16", "fd00:1::/48".
std::string to_string(const IpPrefix& prefix);

}  // namespace roja::config
