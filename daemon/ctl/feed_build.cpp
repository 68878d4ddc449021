#include "daemon/ctl/feed_build.hpp"

#include <filesystem>
#include <ostream>

#include "daemon/crypto/sha256.hpp"
#include "daemon/ctl/feed_files.hpp"
#include "daemon/ctl/feed_manifest_json.hpp"
#include "daemon/ctl/text_file.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/list_parser.hpp"
#include "filter/utc_time.hpp"

namespace roja::ctl {

namespace {

constexpr std::string_view kManifest = "manifest.json";

struct Payload {
    FeedManifestListDraft entry;
    std::string content;
};

class DiscardingSink final : public filter::EntrySink {
  public:
    void on_entry(const filter::ListEntry&) override {}
};

std::string in_dir(const std::string& dir, std::string_view name) {
    return dir + "/" + std::string(name);
}

// The serial of DIR's current manifest, if any. False when there is one that is not a manifest
// of this feed: a fresh serial 1 there would look like a rollback to every subscriber.
bool read_previous_serial(const FeedBuildArgs& args, std::optional<std::uint64_t>& previous,
                          std::ostream& err) {
    const std::string path = in_dir(args.dir, kManifest);
    std::error_code exists_error;
    if (!std::filesystem::exists(path, exists_error)) return true;
    const auto text = read_text_file(path);
    const auto header = text ? read_feed_manifest_header(*text) : std::nullopt;
    if (!header) {
        err << "rojactl feed build: " << path << " exists but is not a feed manifest\n";
        return false;
    }
    if (header->feed != args.feed) {
        err << "rojactl feed build: " << args.dir << " holds feed '" << header->feed << "', not '"
            << args.feed << "'\n";
        return false;
    }
    previous = header->serial;
    return true;
}

void print_line_problems(const filter::ParseReport& report, std::ostream& err) {
    const std::size_t bad = report.unsupported() + report.invalid();
    if (bad == 0 && !report.failed()) return;
    if (bad != 0)
        err << "rojactl feed build: " << report.file() << ": " << bad << " lines not usable\n";
    std::size_t shown = 0;
    for (const auto& e : report.errors()) {
        if (++shown > 10) break;
        err << "  " << e.file << ":" << e.line << ": " << e.reason << "\n";
    }
}

// Reads and parses one list file; a file the parser cannot use as a whole is refused.
std::optional<Payload> prepare_payload(const FeedListSource& source, std::ostream& err) {
    auto content = read_text_file(source.file);
    if (!content) {
        err << "rojactl feed build: cannot read " << source.file << ": "
            << content.error().message() << "\n";
        return std::nullopt;
    }
    const bool is_csv = source.format == "csv";
    DiscardingSink sink;
    const auto report = filter::parse_list(
        is_csv ? filter::ListFormat::csv : filter::ListFormat::plain, *content, source.file, sink);
    print_line_problems(report, err);
    if (report.failed()) {
        err << "rojactl feed build: " << source.file << " is not a usable " << source.format
            << " list\n";
        return std::nullopt;
    }
    Payload payload;
    payload.entry = {.id = source.id,
                     .authority = source.authority,
                     .title = source.title,
                     .format = source.format,
                     .path = source.id + (is_csv ? ".csv" : ".txt"),
                     .size = content->size(),
                     .sha256 = crypto::sha256_hex(*content),
                     .entries = report.entries()};
    payload.content = std::move(*content);
    return payload;
}

bool write_feed_file(const std::string& path, std::string_view content, std::ostream& err) {
    if (auto written = write_file_atomically(path, content, 0644); !written) {
        err << "rojactl feed build: cannot write " << path << ": " << written.error().message()
            << "\n";
        return false;
    }
    return true;
}

// A signature of the previous manifest is wrong for the new one: remove it so that the
// directory never shows a signed look it does not have.
void remove_stale_signatures(const std::string& dir, std::ostream& err) {
    for (std::string_view name : {"manifest.json.minisig", "manifest.json.p7s"}) {
        std::error_code error;
        if (std::filesystem::remove(in_dir(dir, name), error))
            err << "rojactl feed build: removed the old " << name << " (sign the new manifest)\n";
    }
}

void print_summary(const FeedBuildArgs& args, const FeedManifestDraft& manifest,
                   std::ostream& out) {
    out << "feed " << manifest.feed << " serial " << manifest.serial << ", issued "
        << filter::format_utc(manifest.issued_at) << ", expires "
        << filter::format_utc(manifest.expires_at) << "\n";
    for (const auto& list : manifest.lists)
        out << "  " << list.id << ": " << list.format << ", " << list.entries << " entries, "
            << list.size << " bytes, sha256 " << list.sha256 << "\n";
    out << "wrote " << in_dir(args.dir, kManifest) << "; sign it with: rojactl feed sign "
        << args.dir << " --secret FILE\n";
}

}  // namespace

int build_feed(const FeedBuildArgs& args, std::chrono::sys_seconds now, std::ostream& out,
               std::ostream& err) {
    std::optional<std::uint64_t> previous;
    if (!read_previous_serial(args, previous, err)) return 1;
    const auto serial = next_feed_serial(previous, args.serial, err);
    if (!serial) return 1;
    FeedManifestDraft manifest{
        args.feed, *serial, now, now + std::chrono::days(args.valid_days), {}};
    std::vector<Payload> payloads;
    for (const auto& source : args.lists) {
        auto payload = prepare_payload(source, err);
        if (!payload) return 1;
        manifest.lists.push_back(payload->entry);
        payloads.push_back(std::move(*payload));
    }
    const std::string manifest_text = render_feed_manifest(manifest);
    // The subscriber's parser has the last word: never publish what rojad would refuse
    // (e.g. a title that is not UTF-8).
    if (auto checked = filter::parse_feed_manifest(manifest_text); !checked) {
        err << "rojactl feed build: the manifest would be refused: " << checked.error().detail
            << "\n";
        return 1;
    }
    std::error_code mkdir_error;
    std::filesystem::create_directories(args.dir, mkdir_error);
    if (mkdir_error) {
        err << "rojactl feed build: cannot create " << args.dir << ": " << mkdir_error.message()
            << "\n";
        return 1;
    }
    // Payloads first, the manifest last: a manifest never names a file that is not there yet.
    for (const auto& payload : payloads)
        if (!write_feed_file(in_dir(args.dir, payload.entry.path), payload.content, err)) return 1;
    if (!write_feed_file(in_dir(args.dir, kManifest), manifest_text, err)) return 1;
    remove_stale_signatures(args.dir, err);
    print_summary(args, manifest, out);
    return 0;
}

void print_feed_build_usage(std::ostream& out) {
    out << "  rojactl feed build DIR --feed ID --list ID:FORMAT:AUTHORITY:FILE [--title TEXT]...\n"
           "                    [--valid-days N (7)] [--serial N]\n"
           "      copy csv/plain lists into DIR and write DIR/manifest.json with their sizes,\n"
           "      SHA-256 and entry counts and the next serial (above the one in DIR)\n";
}

int run_feed_build(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_feed_build_args(args, err);
    if (!parsed) {
        err << "usage:\n";
        print_feed_build_usage(err);
        return 2;
    }
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return build_feed(*parsed, now, out, err);
}

}  // namespace roja::ctl
