// `rojactl list lookup`: a RuleSet built from one list file (list index 0, record = source line)
// and, per name, the entry that decides it: the most specific match, allow before block at the
// same depth.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string_view>

#include "filter/list_parser.hpp"
#include "filter/rule_set.hpp"

namespace roja::ctl {

struct LookupIndex {
    filter::ParseReport report;
    filter::RuleSet rules;
    std::size_t not_indexed = 0;  // url and ip entries: not name entries
};

LookupIndex build_lookup_index(filter::ListFormat format, std::string_view content,
                               std::string_view file);

// Prints "NAME: blocked by line N (listed.name, with subdomains)", "... allowed by ...",
// "NAME: no match" or "NAME: invalid name (reason)".
void explain_lookup(const filter::RuleSet& rules, std::string_view name, std::ostream& out);

}  // namespace roja::ctl
