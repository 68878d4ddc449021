// The cache's own guard on what it stores: it reads only the fixed 12-byte header, so it needs
// no wire codec. The caller is expected to filter already; this keeps a mistake from persisting.
#pragma once

#include <cstdint>
#include <span>

namespace roja::cache {

// A response (QR) to a standard query, not truncated (TC), with rcode NOERROR or NXDOMAIN.
// SERVFAIL, REFUSED, FORMERR and the rest describe the upstream's state, not the name's.
bool is_cacheable_reply(std::span<const std::uint8_t> message) noexcept;

}  // namespace roja::cache
