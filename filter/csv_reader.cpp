#include "filter/csv_reader.hpp"

#include "filter/line_reader.hpp"

namespace roja::filter {

namespace {
constexpr std::string_view kUnclosedQuote = "a quoted field is never closed";
}  // namespace

CsvReader::CsvReader(std::string_view content) : text_(strip_utf8_bom(content)) {}

bool CsvReader::next() {
    if (at_end()) return false;
    record_line_ = line_;
    record_pos_ = pos_;
    error_ = {};
    scratch_.clear();
    spans_.clear();
    for (;;) {
        read_field();
        if (!error_.empty()) {
            // An unclosed quote swallowed the rest of the file: lose only its first line.
            if (error_ == kUnclosedQuote) {
                pos_ = record_pos_;
                line_ = record_line_;
            }
            skip_rest_of_line();
            break;
        }
        if (at_end()) break;
        const char c = text_[pos_++];
        if (c == ',') continue;
        if (c == '\r' && !at_end() && text_[pos_] == '\n') ++pos_;
        ++line_;  // '\n' or "\r\n" ends the record
        break;
    }
    // Views are made only now: scratch_ may have moved while the record grew.
    fields_.clear();
    for (const FieldSpan& span : spans_) {
        const std::string_view base = span.in_scratch ? std::string_view(scratch_) : text_;
        fields_.push_back(base.substr(span.offset, span.size));
    }
    return true;
}

void CsvReader::read_field() {
    if (!at_end() && text_[pos_] == '"') {
        read_quoted_field();
    } else {
        read_plain_field();
    }
}

void CsvReader::read_plain_field() {
    const std::size_t begin = pos_;
    while (!at_end() && text_[pos_] != ',' && text_[pos_] != '\n') {
        if (text_[pos_] == '"') error_ = "a quote inside an unquoted field";
        ++pos_;
    }
    std::size_t end = pos_;
    // A lone CR before LF belongs to the line end, not to the field.
    if (end > begin && text_[end - 1] == '\r' && (at_end() || text_[pos_] == '\n')) --end;
    spans_.push_back({false, begin, end - begin});
}

void CsvReader::read_quoted_field() {
    ++pos_;  // opening quote
    const std::size_t offset = scratch_.size();
    for (;;) {
        if (at_end()) {
            error_ = kUnclosedQuote;
            break;
        }
        const char c = text_[pos_++];
        if (c == '"') {
            if (at_end() || text_[pos_] != '"') break;
            ++pos_;  // "" stands for one quote
        } else if (c == '\n') {
            ++line_;
        }
        scratch_.push_back(c);
    }
    spans_.push_back({true, offset, scratch_.size() - offset});
    if (error_.empty() && !at_end() && text_[pos_] != ',' && text_[pos_] != '\n' &&
        !(text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') &&
        !(text_[pos_] == '\r' && pos_ + 1 == text_.size()))
        error_ = "text after a closing quote";
}

void CsvReader::skip_rest_of_line() {
    while (!at_end() && text_[pos_] != '\n') ++pos_;
    if (!at_end()) {
        ++pos_;
        ++line_;
    }
}

}  // namespace roja::filter
