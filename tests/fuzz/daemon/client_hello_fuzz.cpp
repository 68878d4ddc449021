// Fuzzes the HTTP filter's ClientHello reader: any bytes, any split into records. Invariants:
// no crash, and a server name found lies inside the reassembled handshake.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "daemon/http/client_hello.hpp"
#include "daemon/http/host_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> handshake;
    const roja::http::HelloResult result = roja::http::read_client_hello({data, size}, handshake);
    if (result.status != roja::http::HelloStatus::server_name) return 0;
    const auto* first = reinterpret_cast<const char*>(handshake.data());
    if (result.server_name.data() < first ||
        result.server_name.data() + result.server_name.size() > first + handshake.size())
        std::abort();
    (void)roja::http::parse_host_header(result.server_name);
    return 0;
}
