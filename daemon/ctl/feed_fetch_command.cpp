#include "daemon/ctl/feed_fetch_command.hpp"

#include <charconv>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>

#include "daemon/feed/fetcher.hpp"

namespace roja::ctl {

namespace {

struct FetchArgs {
    std::string source;
    std::string out_file;
    feed::FetchRequest request;
};

constexpr double kMaxNumber = 1e15;  // far above any sane cap or timeout, and still exact

std::optional<double> parse_number(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !(value >= 0) ||
        value > kMaxNumber)
        return std::nullopt;
    return value;
}

std::chrono::milliseconds seconds_to_ms(double seconds) {
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000.0));
}

// One "--flag VALUE" pair into `parsed`; false when the flag is unknown or the value bad.
bool apply_flag(std::string_view flag, std::string_view value, FetchArgs& parsed) {
    feed::FetchRequest& request = parsed.request;
    if (flag == "--out")
        parsed.out_file = value;
    else if (flag == "--ca")
        request.ca_file = std::string(value);
    else if (flag == "--cert")
        request.client_cert = std::string(value);
    else if (flag == "--key")
        request.client_key = std::string(value);
    else if (flag == "--etag")
        request.if_none_match = value;
    else if (flag == "--last-modified")
        request.if_modified_since = value;
    else {
        const auto number = parse_number(value);
        if (!number) return false;
        if (flag == "--max-bytes")
            request.max_bytes = static_cast<std::size_t>(*number);
        else if (flag == "--timeout")
            request.total_timeout = seconds_to_ms(*number);
        else if (flag == "--connect-timeout")
            request.connect_timeout = seconds_to_ms(*number);
        else if (flag == "--low-speed-bytes")
            request.low_speed_bytes = static_cast<long>(*number);
        else if (flag == "--low-speed-time")
            request.low_speed_time = std::chrono::seconds(static_cast<std::int64_t>(*number));
        else
            return false;
    }
    return true;
}

std::optional<FetchArgs> parse_args(std::span<const std::string_view> args) {
    FetchArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (!args[i].starts_with("--")) {
            if (!parsed.source.empty()) return std::nullopt;
            parsed.source = args[i];
            continue;
        }
        if (i + 1 == args.size() || !apply_flag(args[i], args[i + 1], parsed)) return std::nullopt;
        ++i;
    }
    if (parsed.source.empty()) return std::nullopt;
    parsed.request.url = parsed.source;
    return parsed;
}

// Anything that names a scheme goes to the HTTPS fetcher, which refuses all but https://.
bool names_a_scheme(std::string_view source) {
    return source.find("://") != std::string_view::npos;
}

void print_result(const feed::FetchResult& result, std::ostream& out) {
    out << "outcome: " << feed::fetch_outcome_name(result.outcome) << "\n"
        << "status: " << result.http_status << "\n"
        << "bytes: " << result.body.size() << "\n"
        << "etag: " << result.etag << "\n"
        << "last_modified: " << result.last_modified << "\n"
        << "reason: " << result.reason << "\n";
}

}  // namespace

void print_feed_fetch_usage(std::ostream& out) {
    out << "  rojactl feed fetch URL|PATH [--out FILE] [--max-bytes N] [--timeout S]\n"
           "      [--connect-timeout S] [--low-speed-bytes N --low-speed-time S] [--ca FILE]\n"
           "      [--cert FILE --key FILE] [--etag ETAG] [--last-modified DATE]\n";
}

int run_feed_fetch(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args);
    if (!parsed) {
        err << "usage:\n";
        print_feed_fetch_usage(err);
        return 2;
    }
    const feed::FetchResult result =
        names_a_scheme(parsed->source)
            ? feed::Fetcher().fetch(parsed->request)
            : feed::fetch_local(parsed->source, parsed->request.max_bytes);
    print_result(result, out);
    if (result.is_ok() && !parsed->out_file.empty()) {
        std::ofstream file(parsed->out_file, std::ios::binary | std::ios::trunc);
        file << result.body;
        if (!file.flush()) {
            err << "rojactl feed fetch: cannot write " << parsed->out_file << "\n";
            return 1;
        }
    }
    const bool is_success = result.is_ok() || result.outcome == feed::FetchOutcome::not_modified;
    return is_success ? 0 : 1;
}

}  // namespace roja::ctl
