// Where an answer that completes later (after an upstream exchange) must go: back out of the
// UDP socket the query came in on, or onto the TCP connection that is still open.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include <boost/asio/ip/udp.hpp>

namespace roja::server {

class UdpListener;
class TcpConnection;

struct ReplyPath {
    UdpListener* udp = nullptr;
    boost::asio::ip::udp::endpoint udp_client;
    std::shared_ptr<TcpConnection> tcp;
    void send(std::span<const std::uint8_t> answer) const;
};

}  // namespace roja::server
