// The query Roja sends upstream for a client's query: a fresh ID, RD set, the question as the
// client spelled it, and our own OPT (payload size, the client's DO; CD copied into the
// header). No client options are forwarded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "daemon/wire/dns_constants.hpp"
#include "daemon/wire/query_view.hpp"
#include "filter/result.hpp"

namespace roja::wire {

// Returns the number of octets written to `out`.
Result<std::size_t> write_upstream_query(const QueryView& query, std::uint16_t id,
                                         std::span<std::uint8_t> out,
                                         std::uint16_t payload_size = kDefaultUdpPayload) noexcept;

}  // namespace roja::wire
