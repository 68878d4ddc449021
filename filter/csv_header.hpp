// The header row of a Roja entry CSV: which position holds which known column. Order may vary;
// unknown columns are ignored (and noted once); id, type and value are required.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace roja::filter {

enum class CsvColumn : std::uint8_t {
    id,
    type,
    value,
    action,
    authority,
    decision,
    decision_date,
    legal_basis,
    category,
    effective_from,
    expires,
};
inline constexpr std::size_t kCsvColumnCount = 11;
inline constexpr std::array<std::string_view, kCsvColumnCount> kCsvColumnNames = {
    "id",        "type",           "value",         "action",
    "authority", "decision",       "decision_date", "legal_basis",
    "category",  "effective_from", "expires",
};

class CsvHeader {
  public:
    static constexpr std::size_t kAbsent = std::numeric_limits<std::size_t>::max();

    // Reads the header fields. Returns the reason the file is unusable (empty view when fine);
    // `ignored` receives the unknown column names, comma-separated.
    std::string_view read(std::span<const std::string_view> fields, std::string& ignored);
    // The missing required columns, comma-separated (filled when read() fails for that).
    const std::string& missing() const noexcept { return missing_; }

    std::size_t width() const noexcept { return width_; }
    // The field of `column` in a record of width() fields, blanks trimmed; "" when absent.
    std::string_view get(std::span<const std::string_view> record, CsvColumn column) const noexcept;

  private:
    std::array<std::size_t, kCsvColumnCount> position_{};
    std::size_t width_ = 0;
    std::string missing_;
};

}  // namespace roja::filter
