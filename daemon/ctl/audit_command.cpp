#include "daemon/ctl/audit_command.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <vector>

#include "config/default_paths.hpp"
#include "daemon/audit/audit_chain.hpp"
#include "daemon/audit/audit_files.hpp"
#include "daemon/audit/audit_verify.hpp"
#include "daemon/crypto/sha256.hpp"
#include "daemon/ctl/api_client.hpp"

namespace roja::ctl {

namespace {

using ctl::ApiTarget;

namespace fs = std::filesystem;

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A directory stands for its chain's files (rotated ones first, then audit.jsonl).
std::vector<fs::path> expand(const std::vector<std::string_view>& names) {
    std::vector<fs::path> paths;
    for (const std::string_view name : names) {
        const fs::path path(name);
        if (fs::is_directory(path)) {
            for (const auto& file : audit::audit_files(path / "audit.jsonl"))
                paths.push_back(file.path);
        } else {
            paths.push_back(path);
        }
    }
    return paths;
}

void report(const audit::AuditVerification& result, std::size_t files, std::ostream& out) {
    out << "OK: " << result.records << " records in " << files << " file(s), seq "
        << result.first_seq << ".." << result.last_seq;
    out << ", " << result.checkpoints << " checkpoint(s)";
    if (result.checkpoints_verified > 0)
        out << ", " << result.checkpoints_verified << " signature(s) verified";
    out << "\n";
    if (!result.starts_at_genesis)
        out << "note: the first file starts at seq " << result.first_seq
            << "; the records before it were not given\n";
}

int verify(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    std::vector<std::string_view> names;
    std::unique_ptr<audit::CheckpointVerifier> key;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] != "--key") {
            names.push_back(args[i]);
            continue;
        }
        if (i + 1 == args.size()) return err << "rojactl audit verify: --key needs a file\n", 2;
        const auto pem = read_text(fs::path(args[++i]));
        auto loaded = pem ? audit::CheckpointVerifier::load(*pem)
                          : Result<std::unique_ptr<audit::CheckpointVerifier>>(
                                make_error_code(boost::system::errc::no_such_file_or_directory));
        if (!loaded)
            return err << "rojactl audit verify: " << args[i]
                       << ": not an Ed25519 public key (PEM)\n",
                   2;
        key = std::move(*loaded);
    }
    if (names.empty()) names.push_back(config::default_state_dir());
    const std::vector<fs::path> paths = expand(names);
    if (paths.empty()) return err << "rojactl audit verify: no audit files found\n", 1;
    std::vector<audit::AuditFileText> files;
    for (const fs::path& path : paths) {
        auto text = read_text(path);
        if (!text) return err << "rojactl audit verify: cannot read " << path.string() << "\n", 1;
        files.push_back({path.string(), std::move(*text)});
    }
    const auto result = audit::verify_audit_files(files, key.get());
    if (result.failure) {
        err << "BROKEN: " << *result.failure << "\n";
        return 1;
    }
    report(result, files.size(), out);
    return 0;
}

constexpr int kPageSize = 10000;

// The chain position `text` (whole lines) ends at: its last record's seq and line hash.
std::optional<audit::ChainCheck> last_record_of(std::string_view text) {
    if (text.empty() || text.back() != '\n') return std::nullopt;
    const std::string_view lines = text.substr(0, text.size() - 1);
    const std::size_t newline = lines.rfind('\n');
    const std::string_view last = lines.substr(newline == std::string_view::npos ? 0 : newline + 1);
    const auto record =
        audit::verify_audit_files({{"", std::string(last) + "\n"}}, nullptr);  // reads its seq
    if (record.failure || record.records != 1) return std::nullopt;
    audit::ChainCheck tail;
    tail.last_seq = record.last_seq;
    tail.last_hash = crypto::sha256_hex(last);
    return tail;
}

std::optional<audit::ChainCheck> local_tail(const fs::path& path) {
    const auto text = read_text(path);
    return text ? last_record_of(*text) : std::nullopt;
}

// The pulled lines checked: following `copy` when they continue a local copy, else from their
// first record on. Empty when the chain holds.
std::optional<std::string> check_pulled(const std::string& pulled,
                                        const std::optional<audit::ChainCheck>& copy,
                                        std::uint64_t& records) {
    if (copy) {
        const auto check = audit::check_audit_chain(pulled, *copy);
        records = check.records;
        if (check.first_break)
            return "pulled line " + std::to_string(check.first_break->line) + ": " +
                   check.first_break->reason;
        return std::nullopt;
    }
    const auto result = audit::verify_audit_files({{"pulled", pulled}}, nullptr);
    records = result.records;
    return result.failure;
}

// Every record after `since`, page by page, as the exact lines.
std::optional<std::string> pull_after(const ApiTarget& target, std::uint64_t since,
                                      std::ostream& err) {
    std::string pulled;
    for (;;) {
        const auto reply =
            api_request(target, "GET",
                        "/api/v1/audit?format=jsonl&limit=" + std::to_string(kPageSize) +
                            "&after=" + std::to_string(since));
        if (reply.status != 200) {
            err << "rojactl audit pull: "
                << (reply.status == 0
                        ? reply.error
                        : "the API answered " + std::to_string(reply.status) + ": " + reply.body)
                << "\n";
            return std::nullopt;
        }
        std::size_t lines = 0;
        for (std::size_t at = 0; (at = reply.body.find('\n', at)) != std::string::npos; ++at)
            ++lines;
        pulled += reply.body;
        if (lines < static_cast<std::size_t>(kPageSize)) return pulled;
        const auto last = last_record_of(pulled);
        if (!last || last->last_seq <= since) return pulled;  // no progress: do not loop
        since = last->last_seq;
    }
}

// rojactl audit pull [--since SEQ] [--out FILE]: the records after SEQ (or after the last one
// --out holds), checked to continue the chain, appended to FILE (or printed).
int pull(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    ApiTarget target;
    std::string problem;
    const auto rest = take_api_options(args, target, problem);
    if (!rest) return err << "rojactl audit pull: " << problem << "\n", 2;
    std::optional<std::uint64_t> since;
    std::optional<fs::path> file;
    for (std::size_t i = 0; i < rest->size(); ++i) {
        if (i + 1 < rest->size() && (*rest)[i] == "--since")
            since = std::stoull(std::string((*rest)[++i]));
        else if (i + 1 < rest->size() && (*rest)[i] == "--out")
            file = fs::path((*rest)[++i]);
        else
            return err << "usage: rojactl audit pull [--since SEQ] [--out FILE]\n", 2;
    }
    const auto tail = file ? local_tail(*file) : std::nullopt;
    const std::uint64_t after = since.value_or(tail ? tail->last_seq : 0);
    const auto pulled = pull_after(target, after, err);
    if (!pulled) return 1;
    // The pulled records must follow what the copy holds (or each other, from where they start).
    std::uint64_t records = 0;
    if (const auto broken = check_pulled(*pulled, since ? std::nullopt : tail, records)) {
        err << "BROKEN: " << *broken << " (nothing written)\n";
        return 1;
    }
    if (file)
        std::ofstream(*file, std::ios::binary | std::ios::app) << *pulled;
    else
        out << *pulled;
    err << "pulled " << records << " record(s) after seq " << after << "; the chain holds\n";
    return 0;
}

}  // namespace

int run_audit_command(std::span<const std::string_view> args, std::ostream& out,
                      std::ostream& err) {
    if (!args.empty() && args[0] == "verify") return verify(args.subspan(1), out, err);
    if (!args.empty() && args[0] == "pull") return pull(args.subspan(1), out, err);
    print_audit_usage(err);
    return 2;
}

void print_audit_usage(std::ostream& out) {
    out << "  rojactl audit verify [--key PUBLIC.pem] [FILE|DIR...]\n"
           "      check the audit chain over the files in order (a directory: its rotated files, "
           "then\n"
           "      audit.jsonl; default /var/lib/roja) and every signed checkpoint; names the first "
           "bad record\n"
           "  rojactl audit pull [--since SEQ] [--out FILE] [--api URL] [--token-file FILE] [--ca "
           "FILE]\n"
           "      the records after SEQ (or after the last one FILE holds) from the admin API, "
           "checked to\n"
           "      continue the chain, appended to FILE (or printed)\n";
}

}  // namespace roja::ctl
