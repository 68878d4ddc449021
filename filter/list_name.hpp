// A host name as a blocklist line spells it, checked and made canonical; the reasons a listed
// name is refused are shared by the plain, hosts, adblock and CSV parsers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "filter/domain_name.hpp"
#include "filter/parse_report.hpp"

namespace roja::filter {

// Canonicalises `text` into `out` (reused: no allocation per line). On failure counts the line
// in `report` (invalid, or unsupported for IP literals, paths and inner wildcards) with a
// reason quoting the text, and returns false.
bool canonicalize_listed_name(std::string_view text, std::string& out, std::uint32_t line,
                              ParseReport& report);

// Counts and hands on one name entry (the name and everything below it) of a line-based list.
void emit_domain(ParseReport& report, EntrySink& sink, std::string_view canonical_name,
                 std::uint32_t line, Disposition disposition = Disposition::block);

// "reason: 'text'", the text cut to a readable length. Only built for bad lines.
std::string describe(std::string_view reason, std::string_view text);

}  // namespace roja::filter
