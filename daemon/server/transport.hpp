// How a query reached rojad: what it is counted under, and whether its answer has the UDP size
// limit (a stream carries up to 64 KiB).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace roja::server {

enum class Transport : std::uint8_t { udp, tcp, dot, doh };
inline constexpr std::size_t kTransportCount = 4;
inline constexpr std::array<std::string_view, kTransportCount> kTransportNames = {"udp", "tcp",
                                                                                  "dot", "doh"};

constexpr bool is_stream(Transport transport) noexcept {
    return transport != Transport::udp;
}
constexpr std::size_t index_of(Transport transport) noexcept {
    return static_cast<std::size_t>(transport);
}

}  // namespace roja::server
