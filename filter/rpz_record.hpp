// Reads one parsed RPZ record (an ldns_rr): its owner in canonical text, and the policy its type
// and data ask for (RPZ draft, QNAME triggers only).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "filter/result.hpp"
#include "filter/rpz_ldns.hpp"
#include "filter/rpz_trigger_table.hpp"

namespace roja::filter {

// The record's type as a number. ldns keeps "TYPE123456789" unchecked in its enum, so the enum
// value is never stored on our side (UBSan flags such loads) and callers range-check it.
std::uint32_t record_type(const ldns_rr* rr) noexcept;
inline constexpr std::uint32_t kMaxRecordType = 0xffff;

// Canonical text (see domain_name.hpp) of a wire-format name, replacing `out`; the root is "".
// Fails only for UTF-8 labels that IDNA2008 rejects.
Result<void> canonical_dname(const ldns_rdf* dname, std::string& out);

// The special subzone a trigger sits in when Roja cannot enforce it ("rpz-ip" for
// "32.1.2.0.192.rpz-ip"), else "". `trigger` is relative to the zone apex.
std::string_view unsupported_trigger_zone(std::string_view trigger) noexcept;

// The policy of a record at a trigger: CNAME . / *. / rpz-passthru. / rpz-drop. and A/AAAA local
// data. False, with `reason` set, when Roja cannot enforce what the record asks for.
bool policy_of_record(const ldns_rr* rr, RpzRecordPolicy& out, std::string& reason);

}  // namespace roja::filter
