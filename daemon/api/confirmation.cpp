#include "daemon/api/confirmation.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "daemon/audit/audit_files.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/list_parser.hpp"

namespace roja::api {

namespace {

namespace json = boost::json;

struct VersionRecords {
    std::optional<json::object> applied;
    std::optional<json::object> superseded_by;  // the next version applied after it
    json::array rejections;
    json::array rpz_transfers;  // consumers of the RPZ export that took this version
};

bool is_version(const json::object& details, const std::string& feed, std::uint64_t serial) {
    const auto* f = details.if_contains("feed");
    const auto* s = details.if_contains("serial");
    boost::system::error_code ec;
    return f && f->is_string() && f->get_string() == feed && s &&
           s->to_number<std::uint64_t>(ec) == serial && !ec;
}

void note_record(const json::object& record, const std::string& feed, std::uint64_t serial,
                 VersionRecords& out) {
    const auto* type = record.if_contains("type");
    const auto* details = record.if_contains("details");
    if (!type || !type->is_string() || !details || !details->is_object()) return;
    const json::object& d = details->get_object();
    const std::string_view kind = type->get_string();
    if (kind == "feed_applied" && is_version(d, feed, serial)) {
        out.applied = record;
    } else if (kind == "feed_applied" && out.applied && !out.superseded_by && d.contains("feed") &&
               d.at("feed") == json::value(feed)) {
        out.superseded_by = record;
    } else if (kind == "rpz_transfer" && d.contains("feed_serial") &&
               d.at("feed") == json::value(feed) && d.at("feed_serial") == json::value(serial)) {
        json::object taken{{"seq", record.at("seq")}, {"time", record.at("time")}};
        for (const char* key : {"zone", "consumer", "tsig_key", "serial", "kind", "outcome"})
            if (d.contains(key)) taken[key] = d.at(key);
        out.rpz_transfers.push_back(std::move(taken));
    } else if (kind == "feed_rejected" && is_version(d, feed, serial)) {
        out.rejections.push_back(
            json::object{{"seq", record.at("seq")},
                         {"time", record.at("time")},
                         {"error", d.contains("error") ? d.at("error") : json::value("")},
                         {"detail", d.contains("detail") ? d.at("detail") : json::value("")}});
    }
}

Result<VersionRecords> find_records(const std::filesystem::path& audit_log, const std::string& feed,
                                    std::uint64_t serial) {
    VersionRecords records;
    std::uint64_t after = 0;
    for (;;) {
        auto page = audit::read_audit_after(audit_log, after, 10000);
        if (!page) return page.error();
        for (const std::string& line : page->lines) {
            boost::system::error_code ec;
            const json::value value = json::parse(line, ec);
            if (!ec && value.is_object()) note_record(value.get_object(), feed, serial, records);
        }
        if (!page->has_more) return records;
        after = page->last_seq;
    }
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class EntryCollector : public filter::EntrySink {
  public:
    EntryCollector(std::string list, const std::set<std::uint32_t>& rejected_lines,
                   std::vector<ConfirmedEntry>& out)
        : list_(std::move(list)), rejected_(rejected_lines), out_(out) {}
    void on_entry(const filter::ListEntry& entry) override {
        static constexpr std::string_view kTypes[] = {"domain", "exact", "url", "ip", "sni"};
        ConfirmedEntry e{list_,
                         entry.fields.id.empty() ? list_ + ":" + std::to_string(entry.line)
                                                 : std::string(entry.fields.id),
                         std::string(entry.value),
                         std::string(kTypes[static_cast<std::size_t>(entry.type)]),
                         entry.line,
                         true,
                         {}};
        if (rejected_.contains(entry.line)) {
            e.is_applied = false;
            e.reason = "would block a never-block name";
        }
        out_.push_back(std::move(e));
    }

  private:
    std::string list_;
    const std::set<std::uint32_t>& rejected_;
    std::vector<ConfirmedEntry>& out_;
};

// The entries of the version from <state>/<feed>/v<serial>/ (kept for the version in force and
// the one before); false when it is gone.
bool collect_entries(const std::filesystem::path& dir, const json::object& applied,
                     std::vector<ConfirmedEntry>& out) {
    const auto manifest_text = read_file(dir / "manifest.json");
    if (!manifest_text) return false;
    const auto manifest =
        filter::parse_feed_manifest(*manifest_text);  // verified before it was stored
    if (!manifest) return false;
    const json::array* rejected =
        applied.at("details").as_object().if_contains("rejected_entries")
            ? &applied.at("details").as_object().at("rejected_entries").as_array()
            : nullptr;
    for (const filter::FeedList& list : manifest->lists) {
        const auto payload = read_file(dir / (list.path.empty() ? "url/" + list.id : list.path));
        if (!payload) return false;
        std::set<std::uint32_t> rejected_lines;
        for (std::size_t i = 0; rejected && i < rejected->size(); ++i) {
            const json::object& r = (*rejected)[i].as_object();
            if (r.at("list") == json::value(list.id))
                rejected_lines.insert(
                    static_cast<std::uint32_t>(r.at("line").to_number<std::uint64_t>()));
        }
        EntryCollector collector(list.id, rejected_lines, out);
        filter::parse_list(list.format == filter::FeedListFormat::csv ? filter::ListFormat::csv
                                                                      : filter::ListFormat::plain,
                           *payload, list.id, collector);
    }
    return true;
}

json::object summary_of(const VersionRecords& records, const std::string& feed,
                        std::uint64_t serial) {
    json::object summary{{"feed", feed}, {"serial", serial}};
    if (!records.applied) {
        summary["status"] = "rejected";
        summary["rejections"] = records.rejections;
        return summary;
    }
    const json::object& details = records.applied->at("details").as_object();
    summary["status"] = "applied";
    summary["audit_seq"] = records.applied->at("seq");
    for (const char* key : {"manifest_sha256", "signers", "issued_at", "expires_at", "received_at",
                            "verified_at", "applied_at", "seconds_issued_to_applied", "lists",
                            "rejected_entries", "rejected_entries_total"})
        if (details.contains(key)) summary[key] = details.at(key);
    if (records.superseded_by) {
        const json::object& next = records.superseded_by->at("details").as_object();
        summary["superseded_by"] = next.at("serial");
        summary["in_force_until"] =
            next.contains("applied_at") ? next.at("applied_at") : records.superseded_by->at("time");
    } else {
        summary["superseded_by"] = nullptr;
    }
    summary["rejections"] = records.rejections;
    summary["rpz_transfers"] = records.rpz_transfers;
    return summary;
}

// URL and SNI entries cannot be said in RPZ: a resolver that took the version by transfer
// enforces it without them (docs/rpz-export.md).
std::size_t not_expressible_in_rpz(const std::vector<ConfirmedEntry>& entries) {
    std::size_t count = 0;
    for (const ConfirmedEntry& entry : entries)
        count += entry.is_applied && (entry.type == "url" || entry.type == "sni");
    return count;
}

}  // namespace

Result<std::optional<Confirmation>> confirm_version(const std::filesystem::path& audit_log,
                                                    const std::filesystem::path& state_dir,
                                                    const std::string& feed, std::uint64_t serial) {
    auto records = find_records(audit_log, feed, serial);
    if (!records) return records.error();
    if (!records->applied && records->rejections.empty()) return std::optional<Confirmation>{};
    Confirmation confirmation;
    confirmation.summary = summary_of(*records, feed, serial);
    if (records->applied && !state_dir.empty())
        confirmation.has_entries =
            collect_entries(state_dir / feed / ("v" + std::to_string(serial)), *records->applied,
                            confirmation.entries);
    if (!confirmation.has_entries) confirmation.entries.clear();
    if (confirmation.has_entries && !records->rpz_transfers.empty())
        confirmation.summary["rpz_not_expressible"] = not_expressible_in_rpz(confirmation.entries);
    confirmation.summary["entries_available"] = confirmation.has_entries;
    return std::optional<Confirmation>(std::move(confirmation));
}

}  // namespace roja::api
