#include "daemon/ctl/feed_sign.hpp"

#include <optional>
#include <ostream>

#include "daemon/ctl/feed_files.hpp"
#include "daemon/ctl/feed_manifest_json.hpp"
#include "daemon/ctl/text_file.hpp"
#include "daemon/feed/minisign_writer.hpp"

namespace roja::ctl {

namespace {

struct SignArgs {
    std::string dir;
    std::string secret_file;
    std::string trusted_comment;
    std::string comment;
    feed::MinisignVariant variant = feed::MinisignVariant::prehashed;
};

std::optional<SignArgs> parse_args(std::span<const std::string_view> args) {
    SignArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--legacy") {
            parsed.variant = feed::MinisignVariant::legacy;
            continue;
        }
        std::string* target = args[i] == "--secret"            ? &parsed.secret_file
                              : args[i] == "--trusted-comment" ? &parsed.trusted_comment
                              : args[i] == "--comment"         ? &parsed.comment
                              : args[i].starts_with("--")      ? nullptr
                                                               : &parsed.dir;
        if (target == nullptr || !target->empty()) return std::nullopt;
        if (target != &parsed.dir && ++i == args.size()) return std::nullopt;
        *target = args[i];
    }
    if (parsed.dir.empty() || parsed.secret_file.empty()) return std::nullopt;
    return parsed;
}

int sign(const SignArgs& args, std::ostream& out, std::ostream& err) {
    const std::string manifest_path = args.dir + "/manifest.json";
    const auto manifest = read_text_file(manifest_path);
    if (!manifest) {
        err << "rojactl feed sign: cannot read " << manifest_path << ": "
            << manifest.error().message() << "\n";
        return 1;
    }
    // Only a manifest is signed: a stray file signed by an authority's key would be a liability.
    const auto header = read_feed_manifest_header(*manifest);
    if (!header) {
        err << "rojactl feed sign: " << manifest_path << " is not a feed manifest\n";
        return 1;
    }
    const auto key = load_secret_key(args.secret_file, "rojactl feed sign", err);
    if (!key) return 1;
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const std::string trusted =
        args.trusted_comment.empty()
            ? default_feed_trusted_comment(header->feed, header->serial, now)
            : args.trusted_comment;
    const std::span bytes(reinterpret_cast<const std::uint8_t*>(manifest->data()),
                          manifest->size());
    const auto signature = feed::sign_minisign(*key, bytes, trusted, args.variant, args.comment);
    if (!signature) {
        err << "rojactl feed sign: " << signature.error().message << "\n";
        return 1;
    }
    if (auto written = write_file_atomically(manifest_path + ".minisig", *signature, 0644);
        !written) {
        err << "rojactl feed sign: cannot write " << manifest_path
            << ".minisig: " << written.error().message() << "\n";
        return 1;
    }
    out << "signed " << manifest_path << " (feed " << header->feed << ", serial " << header->serial
        << ") with key " << feed::minisign_key_id_text(key->key_id)
        << (args.variant == feed::MinisignVariant::legacy ? " (legacy Ed)" : " (prehashed ED)")
        << "\ntrusted comment: " << trusted << "\n";
    return 0;
}

}  // namespace

std::optional<feed::MinisignSecretKey> load_secret_key(const std::string& path,
                                                       std::string_view command,
                                                       std::ostream& err) {
    const auto text = read_text_file(path);
    if (!text) {
        err << command << ": cannot read " << path << ": " << text.error().message() << "\n";
        return std::nullopt;
    }
    auto key = feed::parse_minisign_secret_key(*text);
    if (!key) {
        err << command << ": " << path << ": " << key.error().message << "\n";
        return std::nullopt;
    }
    return *key;
}

std::string default_feed_trusted_comment(std::string_view feed, std::uint64_t serial,
                                         std::chrono::sys_seconds now) {
    return "roja-feed " + std::string(feed) + " serial " + std::to_string(serial) +
           " timestamp:" + std::to_string(now.time_since_epoch().count()) + " file:manifest.json";
}

void print_feed_sign_usage(std::ostream& out) {
    out << "  rojactl feed sign DIR --secret FILE [--trusted-comment TEXT] [--comment TEXT] "
           "[--legacy]\n"
           "      sign DIR/manifest.json into DIR/manifest.json.minisig (minisign, prehashed;\n"
           "      --legacy for the old Ed form); `minisign -V` verifies it\n";
}

int run_feed_sign(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args);
    if (!parsed) {
        err << "usage:\n";
        print_feed_sign_usage(err);
        return 2;
    }
    return sign(*parsed, out, err);
}

}  // namespace roja::ctl
