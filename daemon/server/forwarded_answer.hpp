// Turning an upstream reply (fresh or from the cache) into the answer for one client: its ID,
// its RD bit, its own spelling of the name (0x20), our OPT record when it used EDNS and never
// the upstream's, and truncation to what it can take over UDP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "daemon/wire/query_view.hpp"
#include "daemon/wire/reply_view.hpp"

namespace roja::server {

// Writes our OPT record for a client that used EDNS (payload size, DO echoed, no options);
// returns its size. `at` needs wire::kOptFixedSize octets.
std::size_t write_client_opt(std::uint8_t* at, std::uint16_t our_payload, bool dnssec_ok) noexcept;

// Removes the OPT record from a walked reply in place, fixing ARCOUNT and the TTL offsets that
// followed it. Returns the new length.
std::size_t strip_opt(std::span<std::uint8_t> message, std::size_t length,
                      wire::ReplyView& view) noexcept;

// `out[0, length)` holds a reply without OPT to `query`'s question. Rewrites it in place for
// the client and returns the final length (at most `limit`).
std::size_t finish_forwarded_answer(std::span<std::uint8_t> out, std::size_t length,
                                    const wire::QueryView& query, std::size_t limit,
                                    std::uint16_t our_payload) noexcept;

}  // namespace roja::server
