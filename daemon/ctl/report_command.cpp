#include "daemon/ctl/report_command.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "daemon/audit/signed_document.hpp"

namespace roja::ctl {

namespace {

std::optional<std::string> read_whole(std::string_view path) {
    std::ifstream in{std::string(path), std::ios::binary};
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct VerifyArgs {
    std::string_view key, file, out;
};

std::optional<VerifyArgs> parse(std::span<const std::string_view> args) {
    VerifyArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--key" && i + 1 < args.size())
            parsed.key = args[++i];
        else if (args[i] == "--out" && i + 1 < args.size())
            parsed.out = args[++i];
        else if (parsed.file.empty() && !args[i].starts_with("--"))
            parsed.file = args[i];
        else
            return std::nullopt;
    }
    if (parsed.key.empty() || parsed.file.empty()) return std::nullopt;
    return parsed;
}

int verify(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse(args);
    if (!parsed) return print_report_usage(err), 2;
    const auto pem = read_whole(parsed->key);
    auto key = pem ? audit::CheckpointVerifier::load(*pem)
                   : Result<std::unique_ptr<audit::CheckpointVerifier>>(
                         make_error_code(boost::system::errc::no_such_file_or_directory));
    if (!key)
        return err << "rojactl report verify: " << parsed->key
                   << ": not an Ed25519 public key (PEM)\n",
               2;
    const auto envelope = read_whole(parsed->file);
    if (!envelope) return err << "rojactl report verify: cannot read " << parsed->file << "\n", 1;
    const auto check = audit::verify_document(*envelope, **key);
    if (check.failure)
        return err << "BROKEN: " << parsed->file << ": " << *check.failure << "\n", 1;
    if (!parsed->out.empty())
        std::ofstream{std::string(parsed->out), std::ios::binary} << check.document;
    out << "OK: " << parsed->file << " signed by hub key " << check.key_id << "\n";
    return 0;
}

}  // namespace

int run_report_command(std::span<const std::string_view> args, std::ostream& out,
                       std::ostream& err) {
    if (!args.empty() && args[0] == "verify") return verify(args.subspan(1), out, err);
    print_report_usage(err);
    return 2;
}

void print_report_usage(std::ostream& out) {
    out << "  rojactl report verify --key HUB.pub REPORT.json [--out DOCUMENT.json]\n"
           "      check a compliance report signed by rojahub (GET /api/v1/report) with the hub's\n"
           "      public key; --out writes the verified report document\n";
}

}  // namespace roja::ctl
