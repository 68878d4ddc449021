#include "filter/csv_header.hpp"

#include "filter/line_reader.hpp"

namespace roja::filter {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char lower = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] + 32) : a[i];
        if (lower != b[i]) return false;
    }
    return true;
}

std::size_t column_of(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kCsvColumnNames.size(); ++i)
        if (iequals(name, kCsvColumnNames[i])) return i;
    return CsvHeader::kAbsent;
}

}  // namespace

std::string_view CsvHeader::read(std::span<const std::string_view> fields, std::string& ignored) {
    position_.fill(kAbsent);
    width_ = fields.size();
    ignored.clear();
    missing_.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string_view name = trim_blanks(fields[i]);
        const std::size_t column = column_of(name);
        if (column == kAbsent) {
            if (!ignored.empty()) ignored += ", ";
            ignored += name.empty() ? std::string_view("(unnamed)") : name;
            continue;
        }
        if (position_[column] != kAbsent) return "a column appears twice in the header";
        position_[column] = i;
    }
    for (CsvColumn required : {CsvColumn::id, CsvColumn::type, CsvColumn::value}) {
        if (position_[static_cast<std::size_t>(required)] != kAbsent) continue;
        if (!missing_.empty()) missing_ += ", ";
        missing_ += kCsvColumnNames[static_cast<std::size_t>(required)];
    }
    return missing_.empty() ? std::string_view() : "the header lacks required columns";
}

std::string_view CsvHeader::get(std::span<const std::string_view> record,
                                CsvColumn column) const noexcept {
    const std::size_t at = position_[static_cast<std::size_t>(column)];
    return at < record.size() ? trim_blanks(record[at]) : std::string_view();
}

}  // namespace roja::filter
