#include "daemon/ctl/audit_command.hpp"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <vector>

#include "config/default_paths.hpp"
#include "daemon/audit/audit_files.hpp"
#include "daemon/audit/audit_verify.hpp"

namespace roja::ctl {

namespace {

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
            for (const auto& file : audit::audit_files(path / "audit.jsonl")) paths.push_back(file.path);
        } else {
            paths.push_back(path);
        }
    }
    return paths;
}

void report(const audit::AuditVerification& result, std::size_t files, std::ostream& out) {
    out << "OK: " << result.records << " records in " << files << " file(s), seq " << result.first_seq << ".." << result.last_seq;
    out << ", " << result.checkpoints << " checkpoint(s)";
    if (result.checkpoints_verified > 0) out << ", " << result.checkpoints_verified << " signature(s) verified";
    out << "\n";
    if (!result.starts_at_genesis)
        out << "note: the first file starts at seq " << result.first_seq << "; the records before it were not given\n";
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
        auto loaded = pem ? audit::CheckpointVerifier::load(*pem) : Result<std::unique_ptr<audit::CheckpointVerifier>>(
                                                                       make_error_code(boost::system::errc::no_such_file_or_directory));
        if (!loaded) return err << "rojactl audit verify: " << args[i] << ": not an Ed25519 public key (PEM)\n", 2;
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

}  // namespace

int run_audit_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && args[0] == "verify") return verify(args.subspan(1), out, err);
    print_audit_usage(err);
    return 2;
}

void print_audit_usage(std::ostream& out) {
    out << "  rojactl audit verify [--key PUBLIC.pem] [FILE|DIR...]\n"
           "      check the audit chain over the files in order (a directory: its rotated files, then\n"
           "      audit.jsonl; default /var/lib/roja) and every signed checkpoint; names the first bad record\n";
}

}  // namespace roja::ctl
