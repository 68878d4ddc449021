// Splits list text into lines for the line-based parsers (plain, hosts, adblock, format guess):
// LF or CRLF ends, a leading UTF-8 BOM dropped, 1-based numbers. Views point into the content.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "filter/parse_report.hpp"

namespace roja::filter {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

inline std::string_view strip_utf8_bom(std::string_view text) noexcept {
    if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
    return text;
}

inline bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline std::string_view trim_blanks(std::string_view text) noexcept {
    while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return text;
}

// Everything from the first '#' on is a comment: no host name can contain a '#'.
inline std::string_view strip_hash_comment(std::string_view line) noexcept {
    return line.substr(0, line.find('#'));
}

// Cuts the first blank-separated token off `text` and returns it ("" when none is left).
inline std::string_view next_token(std::string_view& text) noexcept {
    std::size_t begin = 0;
    while (begin < text.size() && is_blank(text[begin])) ++begin;
    std::size_t end = begin;
    while (end < text.size() && !is_blank(text[end])) ++end;
    const std::string_view token = text.substr(begin, end - begin);
    text.remove_prefix(end);
    return token;
}

class LineReader {
  public:
    explicit LineReader(std::string_view content) noexcept : rest_(strip_utf8_bom(content)) {}

    // The next line without its LF / CRLF; false once the content is used up.
    bool next(std::string_view& line) noexcept {
        if (rest_.empty()) return false;
        const auto end = rest_.find('\n');
        line = rest_.substr(0, end);
        rest_ = end == std::string_view::npos ? std::string_view() : rest_.substr(end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++number_;
        return true;
    }
    // Number of the line `next` returned last (= lines read so far).
    std::uint32_t number() const noexcept { return number_; }

  private:
    std::string_view rest_;
    std::uint32_t number_ = 0;
};

// Runs a line parser (a type constructed from (ParseReport&, EntrySink&) with a
// parse(line, number) member) over every line and returns its report.
template <class LineParser>
ParseReport parse_each_line(std::string_view content, std::string_view file_name, ListFormat format,
                            EntrySink& sink) {
    ParseReport report(std::string(file_name), format);
    LineParser parser(report, sink);
    LineReader lines(content);
    std::string_view line;
    while (lines.next(line)) parser.parse(line, lines.number());
    report.set_lines(lines.number());
    return report;
}

}  // namespace roja::filter
