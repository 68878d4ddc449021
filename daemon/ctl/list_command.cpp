#include "daemon/ctl/list_command.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "daemon/ctl/list_lookup.hpp"
#include "daemon/ctl/text_file.hpp"
#include "filter/list_parser.hpp"

namespace roja::ctl {

namespace {

using filter::ListFormat;

struct ListArgs {
    std::string_view action;  // check | lookup
    std::string file;
    std::optional<ListFormat> format;
    std::vector<std::string_view> names;
};

std::optional<ListArgs> parse_args(std::span<const std::string_view> args, std::ostream& err) {
    ListArgs parsed;
    std::vector<std::string_view> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--format") {
            positional.push_back(args[i]);
            continue;
        }
        if (i + 1 == args.size() ||
            !(parsed.format = filter::list_format_from_string(args[i + 1]))) {
            err << "rojactl list: --format takes plain, hosts, adblock, rpz or csv\n";
            return std::nullopt;
        }
        ++i;
    }
    if (positional.size() < 2 || (positional[0] != "check" && positional[0] != "lookup"))
        return std::nullopt;
    parsed.action = positional[0];
    parsed.file = positional[1];
    parsed.names.assign(positional.begin() + 2, positional.end());
    if (parsed.action == "check" && !parsed.names.empty()) return std::nullopt;
    if (parsed.action == "lookup" && parsed.names.empty()) return std::nullopt;
    return parsed;
}

void print_counts(const filter::ParseReport& report, std::ostream& out) {
    constexpr std::string_view kTypes[] = {"domain", "exact", "url", "ip", "sni"};
    out << "entries: " << report.entries() << "\n";
    for (std::size_t t = 0; t < filter::kEntryTypeCount; ++t) {
        for (auto d : {filter::Disposition::block, filter::Disposition::allow}) {
            const auto n = report.count_of(static_cast<filter::EntryType>(t), d);
            if (n != 0)
                out << "  " << kTypes[t]
                    << (d == filter::Disposition::allow ? " allow: " : " block: ") << n << "\n";
        }
    }
    out << "skipped: " << report.skipped() << "\nunsupported: " << report.unsupported()
        << "\ninvalid: " << report.invalid() << "\n";
}

void print_report(const filter::ParseReport& report, bool guessed, std::ostream& out) {
    out << report.file() << ": " << filter::to_string(report.format())
        << (guessed ? " (guessed)" : "") << ", " << report.lines() << " lines"
        << (report.failed() ? ", NOT USABLE" : "") << "\n";
    print_counts(report, out);
    for (const auto& note : report.notes()) out << "note: " << note << "\n";
    for (const auto& e : report.errors())
        out << e.file << ":" << e.line << ": " << e.reason << "\n";
    const std::size_t problems =
        report.unsupported() + report.invalid() + (report.failed() ? 1 : 0);
    if (problems > report.errors().size())
        out << "(" << problems - report.errors().size() << " more not shown)\n";
}

class CountingSink final : public filter::EntrySink {
  public:
    void on_entry(const filter::ListEntry&) override {}
};

int run(const ListArgs& args, std::ostream& out, std::ostream& err) {
    auto content = read_text_file(args.file);
    if (!content) {
        err << "rojactl list: cannot read " << args.file << ": " << content.error().message()
            << "\n";
        return 1;
    }
    // A .csv file is meant as an entry CSV even when its header is wrong: say so, don't guess
    // plain.
    const ListFormat guessed =
        args.file.ends_with(".csv") ? ListFormat::csv : filter::guess_list_format(*content);
    const ListFormat format = args.format.value_or(guessed);
    if (args.action == "check") {
        CountingSink sink;
        const auto report = filter::parse_list(format, *content, args.file, sink);
        print_report(report, !args.format, out);
        return report.failed() ? 1 : 0;
    }
    const auto index = build_lookup_index(format, *content, args.file);
    if (index.report.failed()) {
        print_report(index.report, !args.format, err);
        return 1;
    }
    err << args.file << ": " << filter::to_string(format) << ", " << index.rules.size()
        << " name entries";
    if (index.not_indexed != 0)
        err << " (" << index.not_indexed << " url/ip entries not looked up)";
    err << "\n";
    for (std::string_view name : args.names) explain_lookup(index.rules, name, out);
    return 0;
}

}  // namespace

void print_list_usage(std::ostream& out) {
    out << "  rojactl list check FILE [--format plain|hosts|adblock|rpz|csv]\n"
           "      parse a list and report entries by kind and every bad line as FILE:LINE: reason\n"
           "  rojactl list lookup FILE [--format F] NAME...\n"
           "      say for each name whether the list blocks or allows it, and which line decides\n";
}

int run_list_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args, err);
    if (!parsed) {
        err << "usage:\n";
        print_list_usage(err);
        return 2;
    }
    return run(*parsed, out, err);
}

}  // namespace roja::ctl
