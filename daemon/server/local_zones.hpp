// Locally served zones (RFC 6303, with RFC 7793's shared address space and RFC 8375's home.arpa):
// reverse zones of private and special ranges that no public server can answer. rojad answers
// them itself, so PTR queries for private addresses never leak to the ISP's upstreams.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "daemon/wire/query_view.hpp"
#include "filter/result.hpp"

namespace roja::server {

// The zones, in canonical text, from the IANA registry of locally served zones.
const std::vector<std::string_view>& locally_served_zones();

// The answer of an empty zone `apex` (canonical text; the query name is at or below it): the
// apex's SOA or NS, NODATA for other types at the apex, NXDOMAIN below it; negative answers
// carry the SOA in authority (RFC 6303, section 3).
Result<std::span<const std::uint8_t>> write_local_zone_answer(std::span<std::uint8_t> out,
                                                              std::size_t limit,
                                                              const wire::QueryView& query,
                                                              std::string_view apex) noexcept;

}  // namespace roja::server
