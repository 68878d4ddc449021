// The server name of a TLS ClientHello (RFC 8446 4.1.2, RFC 6066 3), read from the first
// bytes of a connection without terminating TLS: the HTTP filter decides on it and then passes
// the same bytes on untouched. The handshake may span several records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace roja::http {

inline constexpr std::size_t kMaxClientHelloBytes = 65536;  // records and handshake together

enum class HelloStatus {
    need_more,  // a prefix of a valid ClientHello: read more bytes
    server_name,
    no_server_name,  // a ClientHello without SNI (or with an unusable one)
    not_tls,         // not a TLS handshake at all, or malformed
};

struct HelloResult {
    HelloStatus status = HelloStatus::need_more;
    std::string_view server_name;  // points into `handshake`; host_name as sent (not canonical)
};

// `bytes` is everything read from the connection so far; `handshake` is scratch space the
// reassembled message is kept in (the server name points into it).
HelloResult read_client_hello(std::span<const std::uint8_t> bytes,
                              std::vector<std::uint8_t>& handshake);

}  // namespace roja::http
