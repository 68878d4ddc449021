// The one entry point: picks the parser for a format.
#include "filter/list_parser.hpp"

namespace roja::filter {

ParseReport parse_list(ListFormat format, std::string_view content, std::string_view file_name,
                       EntrySink& sink) {
    switch (format) {
        case ListFormat::plain:
            return parse_plain_list(content, file_name, sink);
        case ListFormat::hosts:
            return parse_hosts_list(content, file_name, sink);
        case ListFormat::adblock:
            return parse_adblock_list(content, file_name, sink);
        case ListFormat::rpz:
            return parse_rpz_list(content, file_name, sink);
        case ListFormat::csv:
            return parse_csv_list(content, file_name, sink);
    }
    return parse_plain_list(content, file_name, sink);  // unreachable: every format is handled
}

}  // namespace roja::filter
