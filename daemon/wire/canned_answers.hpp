// The complete answers Roja synthesises itself: blocked (redirect, NODATA, NXDOMAIN), refused,
// server failure and the protocol errors a decoded query calls for. Each writes into `out`
// within `limit` octets and returns the message to send.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "daemon/wire/answer_writer.hpp"
#include "daemon/wire/query_view.hpp"

namespace roja::wire {

using Ipv4Address = std::array<std::uint8_t, 4>;
using Ipv6Address = std::array<std::uint8_t, 16>;

struct BlockedAnswer {
    std::uint32_t ttl = 0;              // record TTL and SOA MINIMUM
    std::span<const Ipv4Address> ipv4;  // A answers for qtype A
    std::span<const Ipv6Address> ipv6;  // AAAA answers for qtype AAAA
    std::optional<ExtendedError> extended_error;
};

// A/AAAA with the given addresses when the qtype asks for them; NODATA with SOA otherwise.
Result<std::span<const std::uint8_t>> write_redirect(std::span<std::uint8_t> out, std::size_t limit,
                                                     const QueryView& query,
                                                     const BlockedAnswer& answer) noexcept;

// NOERROR without answers, or NXDOMAIN; both carry the synthetic SOA with MINIMUM = ttl.
Result<std::span<const std::uint8_t>> write_nodata(std::span<std::uint8_t> out, std::size_t limit,
                                                   const QueryView& query,
                                                   const BlockedAnswer& answer) noexcept;
Result<std::span<const std::uint8_t>> write_nxdomain(std::span<std::uint8_t> out, std::size_t limit,
                                                     const QueryView& query,
                                                     const BlockedAnswer& answer) noexcept;

// An answer with no records: REFUSED, SERVFAIL (give EDE 22 or 23), FORMERR, NOTIMP, BADVERS.
Result<std::span<const std::uint8_t>> write_rcode_only(
    std::span<std::uint8_t> out, std::size_t limit, const QueryView& query, Rcode rcode,
    std::optional<ExtendedError> extended_error = std::nullopt) noexcept;

// The answer a non-ok decode calls for (FORMERR, NOTIMP or BADVERS); empty for drop and ok.
Result<std::span<const std::uint8_t>> write_status_answer(std::span<std::uint8_t> out,
                                                          std::size_t limit,
                                                          const QueryView& query) noexcept;

}  // namespace roja::wire
