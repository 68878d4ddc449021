// CSV (RFC 4180) for the API's tables: a header row, then rows; fields with a comma, quote or
// line break are quoted, quotes doubled, lines end with CRLF.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace roja::api {

class CsvTable {
  public:
    void row(std::initializer_list<std::string_view> fields);
    std::string take() noexcept { return std::move(text_); }

  private:
    std::string text_;
};

inline constexpr std::string_view kCsvContentType = "text/csv; charset=utf-8";

}  // namespace roja::api
