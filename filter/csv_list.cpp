// Roja entry CSV (RFC 4180, UTF-8): one order entry per record with its legal metadata.
// A bad record is reported with the line it starts on and skipped; a header without
// id, type and value makes the whole file unusable (no entries at all).
#include <algorithm>
#include <string>

#include "filter/csv_header.hpp"
#include "filter/csv_reader.hpp"
#include "filter/iso_date.hpp"
#include "filter/list_ip.hpp"
#include "filter/list_name.hpp"
#include "filter/list_parser.hpp"
#include "filter/list_url.hpp"

namespace roja::filter {

namespace {

struct TypeName {
    std::string_view name;
    EntryType type;
};
constexpr TypeName kTypeNames[] = {{"domain", EntryType::domain},
                                   {"exact", EntryType::exact},
                                   {"url", EntryType::url},
                                   {"ip", EntryType::ip},
                                   {"sni", EntryType::sni}};

bool parse_type(std::string_view text, EntryType& type) noexcept {
    for (const TypeName& t : kTypeNames)
        if (text == t.name) return type = t.type, true;
    return false;
}

bool parse_disposition(std::string_view text, Disposition& disposition) noexcept {
    if (text.empty() || text == "block") return disposition = Disposition::block, true;
    if (text == "allow") return disposition = Disposition::allow, true;
    return false;
}

class CsvRecordParser {
  public:
    CsvRecordParser(const CsvHeader& header, ParseReport& report, EntrySink& sink)
        : header_(header), report_(report), sink_(sink) {
        value_.reserve(kMaxCanonicalChars);
    }

    void parse(std::span<const std::string_view> record, std::uint32_t line) {
        if (record.size() != header_.width()) {
            report_.count_invalid(line, "the record has " + std::to_string(record.size()) +
                                            " fields, the header " +
                                            std::to_string(header_.width()));
            return;
        }
        ListEntry entry;
        entry.line = line;
        if (!read_kind(record, entry) || !read_fields(record, entry) || !read_value(record, entry))
            return;
        report_.count(entry);
        sink_.on_entry(entry);
    }

  private:
    bool read_kind(std::span<const std::string_view> record, ListEntry& entry) {
        const auto type = header_.get(record, CsvColumn::type);
        if (!parse_type(type, entry.type))
            return invalid(entry.line, "an unknown type (domain, exact, url, ip, sni)", type);
        const auto action = header_.get(record, CsvColumn::action);
        if (!parse_disposition(action, entry.disposition))
            return invalid(entry.line, "an unknown action (block, allow)", action);
        return true;
    }

    bool read_fields(std::span<const std::string_view> record, ListEntry& entry) {
        EntryFields& f = entry.fields;
        f.id = header_.get(record, CsvColumn::id);
        if (f.id.empty()) return invalid(entry.line, "an empty id", f.id);
        f.authority = header_.get(record, CsvColumn::authority);
        f.decision = header_.get(record, CsvColumn::decision);
        f.legal_basis = header_.get(record, CsvColumn::legal_basis);
        f.category = header_.get(record, CsvColumn::category);
        f.decision_date = header_.get(record, CsvColumn::decision_date);
        f.effective_from = header_.get(record, CsvColumn::effective_from);
        f.expires = header_.get(record, CsvColumn::expires);
        return check_date(entry.line, "decision_date", f.decision_date) &&
               check_date(entry.line, "effective_from", f.effective_from) &&
               check_date(entry.line, "expires", f.expires);
    }

    bool read_value(std::span<const std::string_view> record, ListEntry& entry) {
        const auto text = header_.get(record, CsvColumn::value);
        std::string_view reason;
        switch (entry.type) {
            case EntryType::domain:
            case EntryType::exact:
            case EntryType::sni:
                if (!canonicalize_listed_name(text, value_, entry.line, report_)) return false;
                break;
            case EntryType::url:
                reason = urls_.normalize(text, value_);
                break;
            case EntryType::ip:
                reason = normalize_ip_prefix(text, value_);
                break;
        }
        if (!reason.empty()) return invalid(entry.line, reason, text);
        entry.value = value_;
        return true;
    }

    bool check_date(std::uint32_t line, std::string_view column, std::string_view text) {
        if (text.empty()) return true;
        const auto reason = check_iso_date(text);
        if (reason.empty()) return true;
        return invalid(line, std::string(column) + ": " + std::string(reason), text);
    }

    bool invalid(std::uint32_t line, std::string_view reason, std::string_view text) {
        report_.count_invalid(line, describe(reason, text));
        return false;
    }

    const CsvHeader& header_;
    ParseReport& report_;
    EntrySink& sink_;
    UrlNormalizer urls_;
    std::string value_;  // reused for every record
};

std::size_t count_lines(std::string_view content) noexcept {
    const auto breaks = static_cast<std::size_t>(std::count(content.begin(), content.end(), '\n'));
    return breaks + (!content.empty() && content.back() != '\n');
}

// Reads the first non-blank record as the header; false (with the report failed) when unusable.
bool read_header(CsvReader& reader, CsvHeader& header, ParseReport& report) {
    while (reader.next() && reader.is_blank()) {
    }
    if (reader.fields().empty() || reader.is_blank()) {
        report.fail(reader.line(), "no header row (id,type,value,...)");
        return false;
    }
    if (!reader.error().empty()) {
        report.fail(reader.line(), std::string("header row: ") + std::string(reader.error()));
        return false;
    }
    std::string ignored;
    if (const auto reason = header.read(reader.fields(), ignored); !reason.empty()) {
        const std::string detail = header.missing().empty() ? "" : ": " + header.missing();
        report.fail(reader.line(), std::string(reason) + detail);
        return false;
    }
    if (!ignored.empty()) report.add_note("ignored unknown columns: " + ignored);
    return true;
}

}  // namespace

ParseReport parse_csv_list(std::string_view content, std::string_view file_name, EntrySink& sink) {
    ParseReport report(std::string(file_name), ListFormat::csv);
    report.set_lines(count_lines(content));
    CsvReader reader(content);
    CsvHeader header;
    if (!read_header(reader, header, report)) return report;
    CsvRecordParser parser(header, report, sink);
    while (reader.next()) {
        if (reader.is_blank()) continue;
        if (!reader.error().empty()) {
            report.count_invalid(reader.line(), reader.error());
            continue;
        }
        parser.parse(reader.fields(), reader.line());
    }
    return report;
}

}  // namespace roja::filter
