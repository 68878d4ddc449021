// Where an answer that completes later (after an upstream exchange) must go: back out of the
// UDP socket the query came in on, or onto the TCP or TLS connection that is still open.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include <boost/asio/ip/udp.hpp>

namespace roja::server {

class UdpListener;
class StreamConnection;

struct ReplyPath {
    UdpListener* udp = nullptr;
    boost::asio::ip::udp::endpoint udp_client;
    std::shared_ptr<StreamConnection> stream;
    void send(std::span<const std::uint8_t> answer) const;
};

}  // namespace roja::server
