// parse_rpz_list: reads an RPZ zone from memory with ldns ($ORIGIN, $TTL, relative names,
// parentheses, comments), maps each record to a QNAME trigger and emits entries once the whole
// file is read (see rpz_trigger_table.hpp for why not earlier, and docs/rpz.md).
#include <algorithm>
#include <cstdio>
#include <optional>

#include <stdio_ext.h>

#include "filter/line_reader.hpp"
#include "filter/list_parser.hpp"
#include "filter/rpz_ldns.hpp"
#include "filter/rpz_record.hpp"
#include "filter/rpz_trigger_table.hpp"

namespace roja::filter {

namespace {

std::size_t count_lines(std::string_view content) noexcept {
    if (content.empty()) return 0;
    return static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n')) +
           (content.back() != '\n' ? 1 : 0);
}

bool is_blank_or_comment(std::string_view line) noexcept {
    line = trim_blanks(line);
    return line.empty() || line.front() == ';';
}

// Maps offsets (visited in increasing order) to 1-based line numbers without rescanning.
class LineCounter {
  public:
    explicit LineCounter(std::string_view content) noexcept : content_(content) {}
    std::uint32_t line_at(std::size_t offset) noexcept {
        for (; offset_ < offset && offset_ < content_.size(); ++offset_)
            if (content_[offset_] == '\n') ++line_;
        return line_;
    }

  private:
    std::string_view content_;
    std::size_t offset_ = 0;
    std::uint32_t line_ = 1;
};

std::string special_zone_reason(std::string_view zone) {
    if (zone == "rpz-ip") return "rpz-ip trigger not supported; use a CSV ip entry";
    return std::string(zone) + " trigger not supported (QNAME triggers only)";
}

class RpzZoneReader {
  public:
    RpzZoneReader(std::string_view content, ParseReport& report, RpzTriggerTable& table) noexcept
        : content_(content), report_(report), table_(table), lines_(content) {}

    void read();

  private:
    void read_one(std::FILE* file, int& ldns_line);
    std::uint32_t record_line(std::size_t begin, std::size_t end);
    void on_status(ldns_status status, const ldns_rr* rr, std::size_t begin, std::size_t end);
    void on_record(const ldns_rr* rr, std::uint32_t line);
    // Fixes the apex on the first record; true when the record is the apex's own (or a stray SOA).
    bool handled_at_apex(std::uint32_t type, std::uint32_t line);
    // The trigger part of the owner name; nullopt when the owner is not below the apex.
    std::optional<std::string_view> relative_to_apex() const noexcept;

    std::string_view content_;
    ParseReport& report_;
    RpzTriggerTable& table_;
    LineCounter lines_;
    LdnsRdfPtr origin_;
    LdnsRdfPtr previous_owner_;
    std::uint32_t default_ttl_ = 3600;
    // The zone apex, fixed by the first record: the SOA owner, else the $ORIGIN then in force,
    // else the root (names absolute).
    std::optional<std::string> apex_;
    std::string owner_;   // scratch: canonical owner of the current record
    std::string reason_;  // scratch
};

void RpzZoneReader::read() {
    // fmemopen only reads through the pointer in "r" mode; ldns needs a FILE* to follow
    // directives and parentheses across lines.
    FilePtr file(fmemopen(const_cast<char*>(content_.data()), content_.size(), "r"));
    if (!file) {
        report_.fail(0, "cannot read the zone text");
        return;
    }
    // ldns reads one character at a time; the stream is ours alone, so skip stdio's locking.
    __fsetlocking(file.get(), FSETLOCKING_BYCALLER);
    int ldns_line = 0;
    while (!std::feof(file.get())) read_one(file.get(), ldns_line);
}

void RpzZoneReader::read_one(std::FILE* file, int& ldns_line) {
    const long begin = std::ftell(file);
    ldns_rr* raw_rr = nullptr;
    ldns_rdf* origin = origin_.release();
    ldns_rdf* previous = previous_owner_.release();
    const ldns_status status =
        ldns_rr_new_frm_fp_l(&raw_rr, file, &default_ttl_, &origin, &previous, &ldns_line);
    origin_.reset(origin);
    previous_owner_.reset(previous);
    const LdnsRrPtr rr(status == LDNS_STATUS_OK ? raw_rr : nullptr);
    long end = std::ftell(file);
    if (begin < 0 || end < begin) return;  // cannot happen on a memory stream
    if (end == begin && !std::feof(file)) {
        // ldns made no progress: skip the line by hand so that the loop always ends.
        const auto eol = content_.find('\n', static_cast<std::size_t>(begin));
        end = eol == std::string_view::npos ? static_cast<long>(content_.size())
                                            : static_cast<long>(eol + 1);
        std::fseek(file, end, SEEK_SET);
    }
    on_status(status, rr.get(), static_cast<std::size_t>(begin), static_cast<std::size_t>(end));
}

// ldns may hand back blank and comment lines together with the record after them; the
// record's line is the first one that holds something else.
std::uint32_t RpzZoneReader::record_line(std::size_t begin, std::size_t end) {
    std::size_t pos = begin;
    while (pos < end) {
        const auto eol = content_.find('\n', pos);
        if (eol == std::string_view::npos || eol + 1 >= end) break;
        if (!is_blank_or_comment(content_.substr(pos, eol - pos))) break;
        pos = eol + 1;
    }
    return lines_.line_at(pos);
}

void RpzZoneReader::on_status(ldns_status status, const ldns_rr* rr, std::size_t begin,
                              std::size_t end) {
    switch (status) {
        case LDNS_STATUS_OK:
            on_record(rr, record_line(begin, end));
            return;
        case LDNS_STATUS_SYNTAX_EMPTY:
        case LDNS_STATUS_SYNTAX_TTL:
        case LDNS_STATUS_SYNTAX_ORIGIN:
            return;
        case LDNS_STATUS_SYNTAX_INCLUDE:
            report_.count_unsupported(record_line(begin, end),
                                      "$INCLUDE not supported (one file per list)");
            return;
        default:
            break;
    }
    // At the end of the text ldns reports trailing blank or comment lines as an error.
    std::string_view text = content_.substr(begin, end - begin);
    bool only_blank = true;
    for (std::string_view line; !text.empty() && only_blank;) {
        const auto eol = text.find('\n');
        line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
        only_blank = is_blank_or_comment(line);
    }
    if (!only_blank)
        report_.count_invalid(record_line(begin, end), ldns_get_errorstr_by_id(status));
}

std::optional<std::string_view> RpzZoneReader::relative_to_apex() const noexcept {
    const std::string_view owner = owner_;
    if (apex_->empty()) return owner;
    if (owner.size() <= apex_->size() + 1 || !owner.ends_with(*apex_) ||
        owner[owner.size() - apex_->size() - 1] != '.')
        return std::nullopt;
    return owner.substr(0, owner.size() - apex_->size() - 1);
}

bool RpzZoneReader::handled_at_apex(std::uint32_t type, std::uint32_t line) {
    if (!apex_) {
        apex_.emplace();
        if (type == LDNS_RR_TYPE_SOA) {
            *apex_ = owner_;
        } else if (origin_ && !canonical_dname(origin_.get(), *apex_)) {
            apex_->clear();
        }
    }
    if (owner_ == *apex_) {
        if (type == LDNS_RR_TYPE_SOA || type == LDNS_RR_TYPE_NS) {
            report_.count_skipped();
        } else {
            report_.count_unsupported(
                line, "record at the zone apex ignored (it would match every name)");
        }
        return true;
    }
    if (type == LDNS_RR_TYPE_SOA) {
        report_.count_invalid(line, "SOA record below the zone apex");
        return true;
    }
    return false;
}

void RpzZoneReader::on_record(const ldns_rr* rr, std::uint32_t line) {
    if (!canonical_dname(ldns_rr_owner(rr), owner_)) {
        report_.count_invalid(line, "owner is not a valid internationalised name (IDNA2008)");
        return;
    }
    const std::uint32_t type = record_type(rr);
    if (type > kMaxRecordType) {
        report_.count_invalid(line, "record type out of range");
        return;
    }
    if (handled_at_apex(type, line)) return;
    auto trigger = relative_to_apex();
    if (!trigger) {
        report_.count_invalid(line, "owner '" + owner_ + "' is outside the zone '" + *apex_ + "'");
        return;
    }
    if (const auto zone = unsupported_trigger_zone(*trigger); !zone.empty()) {
        report_.count_unsupported(line, special_zone_reason(zone));
        return;
    }
    if (*trigger == "*") {
        report_.count_unsupported(
            line, "wildcard at the zone apex not supported (it would match every name)");
        return;
    }
    const bool wildcard = trigger->starts_with("*.");
    if (wildcard) trigger->remove_prefix(2);
    RpzRecordPolicy policy;
    if (!policy_of_record(rr, policy, reason_)) {
        report_.count_unsupported(line, reason_);
        return;
    }
    table_.add(*trigger, wildcard, policy, line, report_);
}

}  // namespace

ParseReport parse_rpz_list(std::string_view content, std::string_view file_name, EntrySink& sink) {
    ParseReport report(std::string(file_name), ListFormat::rpz);
    content = strip_utf8_bom(content);
    report.set_lines(count_lines(content));
    if (content.empty()) return report;
    RpzTriggerTable table;
    RpzZoneReader(content, report, table).read();
    table.emit(sink, report);
    return report;
}

}  // namespace roja::filter
