// RFC 4180 records from text already in memory: quoted fields with commas, doubled quotes and
// line breaks; CRLF or LF record ends; a leading UTF-8 BOM dropped. Field views are valid until
// the next call to next(); the reader reuses its buffers, so records cost no allocation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roja::filter {

class CsvReader {
  public:
    explicit CsvReader(std::string_view content);

    // Reads the next record; false at the end of the content. A malformed record (a stray or
    // unterminated quote) is still returned, with error() saying why.
    bool next();

    std::span<const std::string_view> fields() const noexcept { return fields_; }
    // The line the last record starts on (1-based).
    std::uint32_t line() const noexcept { return record_line_; }
    std::string_view error() const noexcept { return error_; }
    // True for an empty line (one empty field): callers skip those.
    bool is_blank() const noexcept { return fields_.size() == 1 && fields_[0].empty(); }

  private:
    struct FieldSpan {
        bool in_scratch;
        std::size_t offset;
        std::size_t size;
    };

    void read_field();
    void read_quoted_field();
    void read_plain_field();
    void skip_rest_of_line();
    bool at_end() const noexcept { return pos_ >= text_.size(); }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t record_pos_ = 0;
    std::uint32_t line_ = 1;  // line of text_[pos_]
    std::uint32_t record_line_ = 0;
    std::string_view error_;
    std::string scratch_;  // unescaped quoted fields ("" -> ")
    std::vector<FieldSpan> spans_;
    std::vector<std::string_view> fields_;
};

}  // namespace roja::filter
