// One probe question to any resolver (rojad, BIND, Unbound, PowerDNS enforcing RPZ) and what
// its answer says about a listed name: blocked, not blocked (a real answer), or an error.
// rojactl is a command-line tool, so the exchange blocks; it runs on no daemon thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/udp.hpp>

namespace roja::ctl {

enum class ProbeVerdict { blocked, not_blocked, error };
std::string_view probe_verdict_name(ProbeVerdict verdict) noexcept;

struct ProbeAnswer {
    ProbeAnswer() = default;
    ProbeAnswer(ProbeVerdict v, std::string h, std::vector<boost::asio::ip::address> a = {})
        : verdict(v), how(std::move(h)), addresses(std::move(a)) {}

    ProbeVerdict verdict = ProbeVerdict::error;
    // How the resolver answered: "warning address", "ede 16", "nxdomain", "nodata",
    // "answer 192.0.2.1 203.0.113.9", "timeout", "servfail", "refused", "malformed", ...
    std::string how;
    // The A records of an answer (warning or real): where a URL probe goes next.
    std::vector<boost::asio::ip::address> addresses;
};

// The query rojactl sends for `name` (A, RD set, EDNS with a 1232-octet payload so the resolver
// may add an Extended DNS Error). Empty when the name cannot be encoded.
std::vector<std::uint8_t> make_probe_query(std::string_view name, std::uint16_t id);

// Blocked: an EDE 15/16/17, an A record with one of `warning` addresses, NXDOMAIN (also what an
// RPZ `CNAME .` gives) or NODATA. Not blocked: any other address. Anything else is an error.
ProbeAnswer classify_probe_reply(std::span<const std::uint8_t> reply, std::uint16_t id,
                                 std::span<const boost::asio::ip::address> warning);

// Sends the question over UDP from a connected socket and waits `timeout` for the reply with
// its ID (the kernel passes only the resolver's datagrams), asking once more after a timeout.
ProbeAnswer ask_resolver(const boost::asio::ip::udp::endpoint& resolver, std::string_view name,
                         std::span<const boost::asio::ip::address> warning,
                         std::chrono::milliseconds timeout);

}  // namespace roja::ctl
