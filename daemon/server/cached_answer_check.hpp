// A cached answer was inspected (AnswerInspector) against the policy in force when it arrived.
// After a policy change it is inspected again on its next hit, so the cache survives a new
// snapshot: the query name itself is decided before the cache, only what is inside the answer
// (CNAME targets, addresses) needs the new policy's look.
#pragma once

#include <cstdint>
#include <span>

#include "filter/policy.hpp"

namespace roja::server {

// Whether a cached upstream answer (as the cache holds it: no OPT record) may still be served
// to every client group under `policy`: false if a CNAME target or an address in it is blocked
// for some group — the rule the cache applies on insert — or if it no longer parses.
bool passes_policy(std::span<const std::uint8_t> message, const filter::Policy& policy,
                   std::uint16_t qtype) noexcept;

}  // namespace roja::server
