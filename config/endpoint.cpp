#include "config/endpoint.hpp"

namespace roja::config {

std::string to_string(const Endpoint& endpoint) {
    const std::string host = endpoint.address.to_string();
    const std::string port = std::to_string(endpoint.port);
    return endpoint.address.is_v6() ? "[" + host + "]:" + port : host + ":" + port;
}

std::string to_string(const IpPrefix& prefix) {
    return prefix.address.to_string() + "/" + std::to_string(prefix.length);
}

}  // namespace roja::config
