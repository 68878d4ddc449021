// Parses list text (already read by the caller: the core does no I/O) in any ListFormat,
// feeding entries to `sink` and returning the report.
#pragma once

#include <string_view>

#include "filter/list_entry.hpp"
#include "filter/list_format.hpp"
#include "filter/parse_report.hpp"

namespace roja::filter {

ParseReport parse_list(ListFormat format, std::string_view content, std::string_view file_name,
                       EntrySink& sink);

ParseReport parse_plain_list(std::string_view content, std::string_view file_name, EntrySink& sink);
ParseReport parse_hosts_list(std::string_view content, std::string_view file_name, EntrySink& sink);
ParseReport parse_adblock_list(std::string_view content, std::string_view file_name,
                               EntrySink& sink);
ParseReport parse_rpz_list(std::string_view content, std::string_view file_name, EntrySink& sink);
ParseReport parse_csv_list(std::string_view content, std::string_view file_name, EntrySink& sink);

}  // namespace roja::filter
