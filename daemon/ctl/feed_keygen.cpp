#include "daemon/ctl/feed_keygen.hpp"

#include <unistd.h>

#include <cerrno>
#include <optional>
#include <ostream>
#include <string>

#include "daemon/ctl/feed_files.hpp"
#include "daemon/feed/minisign_writer.hpp"

namespace roja::ctl {

namespace {

struct KeygenArgs {
    std::string public_file;
    std::string secret_file;
    std::string comment;
    bool force = false;
};

std::optional<KeygenArgs> parse_args(std::span<const std::string_view> args, std::ostream& err) {
    KeygenArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--force") {
            parsed.force = true;
            continue;
        }
        std::string* target = args[i] == "--public"    ? &parsed.public_file
                              : args[i] == "--secret"  ? &parsed.secret_file
                              : args[i] == "--comment" ? &parsed.comment
                                                       : nullptr;
        if (target == nullptr || i + 1 == args.size()) return std::nullopt;
        *target = args[++i];
    }
    if (parsed.public_file.empty() || parsed.secret_file.empty()) return std::nullopt;
    if (!feed::is_minisign_comment(parsed.comment, feed::kMaxUntrustedCommentBytes)) {
        err << "rojactl feed keygen: --comment must be one line of at most 1000 bytes\n";
        return std::nullopt;
    }
    return parsed;
}

// Refuses to replace a key unless --force: losing a secret key strands every subscriber.
bool clear_targets(const KeygenArgs& args, std::ostream& err) {
    for (const std::string* path : {&args.secret_file, &args.public_file}) {
        if (::access(path->c_str(), F_OK) != 0) continue;
        if (!args.force) {
            err << "rojactl feed keygen: " << *path << " exists (add --force to replace it)\n";
            return false;
        }
        if (::unlink(path->c_str()) != 0) {
            err << "rojactl feed keygen: cannot remove " << *path << ": "
                << boost::system::error_code(errno, boost::system::system_category()).message()
                << "\n";
            return false;
        }
    }
    return true;
}

int write_key_files(const KeygenArgs& args, const feed::MinisignSecretKey& key, std::ostream& err) {
    if (auto written = write_new_file(args.secret_file,
                                      feed::format_minisign_secret_key(key, args.comment), 0600);
        !written) {
        err << "rojactl feed keygen: cannot write " << args.secret_file << ": "
            << written.error().message() << "\n";
        return 1;
    }
    if (auto written = write_file_atomically(
            args.public_file, feed::format_minisign_public_key(key, args.comment), 0644);
        !written) {
        err << "rojactl feed keygen: cannot write " << args.public_file << ": "
            << written.error().message() << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

void print_feed_keygen_usage(std::ostream& out) {
    out << "  rojactl feed keygen --public FILE --secret FILE [--comment TEXT] [--force]\n"
           "      make a minisign key pair for signing a feed (the secret key is unencrypted,\n"
           "      mode 0600: keep it offline); prints the key id\n";
}

int run_feed_keygen(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args, err);
    if (!parsed) {
        err << "usage:\n";
        print_feed_keygen_usage(err);
        return 2;
    }
    const auto key = feed::generate_minisign_key();
    if (!key) {
        err << "rojactl feed keygen: " << key.error().message << "\n";
        return 1;
    }
    if (!clear_targets(*parsed, err)) return 1;
    if (const int code = write_key_files(*parsed, *key, err); code != 0) return code;
    out << "key id: " << feed::minisign_key_id_text(key->key_id) << "\n"
        << "public key: " << parsed->public_file << "\n"
        << "secret key: " << parsed->secret_file << " (unencrypted: keep it offline)\n";
    return 0;
}

}  // namespace roja::ctl
