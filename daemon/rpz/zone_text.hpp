// Records of a transferred zone as zone-file text, the form the RPZ list parser (filter/rpz_list)
// reads and the secondary keeps in the state directory: absolute names, every octet a zone file
// would read as syntax (`;`, `(`, `"`, `$`, `@` ...) escaped as \DDD, RDATA of the types RPZ
// uses in presentation form and any other type in RFC 3597's generic form.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "daemon/rpz/xfr_records.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

// A canonical name (filter/domain_name.hpp) as an absolute zone-file name ("." for the root).
std::string zone_file_name(std::string_view canonical);
// "CNAME", "A" ..., or "TYPE65280" (RFC 3597).
std::string type_text(std::uint16_t type);
// The RDATA of `record` (not SOA: see soa_text) as zone-file text.
Result<std::string> rdata_text(std::span<const std::uint8_t> message, const RecordView& record);
// SOA RDATA as zone-file text.
std::string soa_text(const SoaRdata& soa);

}  // namespace roja::rpz
