// Plain lists: one name per line, '#' comments, blank lines. A name stands for itself and every
// name below it; "*.example.com" is accepted as another spelling of the same entry.
#include <string>

#include "filter/line_reader.hpp"
#include "filter/list_name.hpp"
#include "filter/list_parser.hpp"

namespace roja::filter {

ParseReport parse_plain_list(std::string_view content, std::string_view file_name,
                             EntrySink& sink) {
    ParseReport report(std::string(file_name), ListFormat::plain);
    std::string name;  // reused for every line
    name.reserve(kMaxCanonicalChars);
    LineReader lines(content);
    std::string_view line;
    while (lines.next(line)) {
        std::string_view text = trim_blanks(strip_hash_comment(line));
        if (text.empty()) continue;
        const std::string_view first = next_token(text);
        if (!trim_blanks(text).empty()) {
            report.count_invalid(lines.number(), describe("more than one name on a line", line));
            continue;
        }
        const std::string_view listed = first.starts_with("*.") ? first.substr(2) : first;
        if (!canonicalize_listed_name(listed, name, lines.number(), report)) continue;
        emit_domain(report, sink, name, lines.number());
    }
    report.set_lines(lines.number());
    return report;
}

}  // namespace roja::filter
