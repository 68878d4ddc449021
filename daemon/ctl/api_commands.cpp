#include "daemon/ctl/api_commands.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <string>

#include "daemon/ctl/api_client.hpp"

namespace roja::ctl {

namespace {

struct Parsed {
    ApiTarget target;
    std::map<std::string, std::string, std::less<>> values;  // --key value
    std::vector<std::string_view> words;                     // the rest, in order
    bool is_csv = false;
};

// `valued`: the options that take a value. Flags (--csv) stand alone.
std::optional<Parsed> parse(std::span<const std::string_view> args,
                            std::initializer_list<std::string_view> valued, std::ostream& err) {
    Parsed parsed;
    std::string problem;
    const auto rest = take_api_options(args, parsed.target, problem);
    if (!rest) {
        err << "rojactl: " << problem << "\n";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < rest->size(); ++i) {
        const std::string_view arg = (*rest)[i];
        if (arg == "--csv") {
            parsed.is_csv = true;
        } else if (std::find(valued.begin(), valued.end(), arg) != valued.end()) {
            if (i + 1 == rest->size()) {
                err << "rojactl: " << arg << " needs a value\n";
                return std::nullopt;
            }
            parsed.values[std::string(arg.substr(2))] = std::string((*rest)[++i]);
        } else if (arg.starts_with("--")) {
            err << "rojactl: unknown option " << arg << "\n";
            return std::nullopt;
        } else {
            parsed.words.push_back(arg);
        }
    }
    return parsed;
}

std::string query_of(const Parsed& parsed) {
    std::string query;
    for (const auto& [key, value] : parsed.values)
        query += (query.empty() ? "?" : "&") + key + "=" + url_encode(value);
    if (parsed.is_csv) query += query.empty() ? "?format=csv" : "&format=csv";
    return query;
}

int print(const ApiReply& reply, std::ostream& out, std::ostream& err) {
    if (reply.status == 0) {
        err << "rojactl: the admin API cannot be reached: " << reply.error << "\n";
        return 1;
    }
    if (reply.status != 200) {
        err << "rojactl: the API answered " << reply.status << ": " << reply.body
            << (reply.body.ends_with('\n') ? "" : "\n");
        return 1;
    }
    out << reply.body << (reply.body.ends_with('\n') ? "" : "\n");
    return 0;
}

}  // namespace

int run_status_command(std::span<const std::string_view> args, std::ostream& out,
                       std::ostream& err) {
    const auto parsed = parse(args, {}, err);
    if (!parsed || !parsed->words.empty()) return 2;
    return print(api_request(parsed->target, "GET", "/api/v1/status"), out, err);
}

int run_hits_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse(args, {"--by", "--from", "--to", "--authority", "--list"}, err);
    if (!parsed || !parsed->words.empty()) return 2;
    return print(api_request(parsed->target, "GET", "/api/v1/hits" + query_of(*parsed)), out, err);
}

int run_confirmation_command(std::span<const std::string_view> args, std::ostream& out,
                             std::ostream& err) {
    const auto parsed = parse(args, {"--feed", "--serial"}, err);
    if (!parsed || !parsed->words.empty() || !parsed->values.contains("feed") ||
        !parsed->values.contains("serial")) {
        err << "usage: rojactl confirmation --feed ID --serial N [--csv]\n";
        return 2;
    }
    return print(api_request(parsed->target, "GET", "/api/v1/confirmation" + query_of(*parsed)),
                 out, err);
}

int run_why_command(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    auto parsed = parse(args, {"--client", "--type"}, err);
    if (!parsed || parsed->words.size() != 1) {
        err << "usage: rojactl why NAME [--client IP] [--type A|AAAA]\n";
        return 2;
    }
    parsed->values["name"] = std::string(parsed->words[0]);
    return print(api_request(parsed->target, "GET", "/api/v1/why" + query_of(*parsed)), out, err);
}

int run_client_log_command(std::span<const std::string_view> args, std::ostream& out,
                           std::ostream& err) {
    const auto parsed = parse(args, {"--client", "--from", "--to", "--limit"}, err);
    if (!parsed || !parsed->words.empty()) {
        err << "usage: rojactl client-log [--client IP] [--from T] [--to T] [--limit N] [--csv]\n";
        return 2;
    }
    return print(api_request(parsed->target, "GET", "/api/v1/client-log" + query_of(*parsed)), out,
                 err);
}

void print_api_usage(std::ostream& out) {
    out << "  rojactl status | hits [--by entry|decision|day] [--from D] [--to D] [--authority A] "
           "[--list L] [--csv]\n"
           "  rojactl confirmation --feed ID --serial N [--csv]\n"
           "  rojactl why NAME [--client IP] [--type A|AAAA]\n"
           "  rojactl client-log [--client IP] [--from T] [--to T] [--limit N] [--csv]   (admin "
           "token; stats.client_log)\n"
           "      ask the running rojad through its admin API; each takes [--api URL "
           "(http://127.0.0.1:8053)]\n"
           "      [--token-file FILE (else $ROJA_TOKEN)] [--ca FILE]\n";
}

void print_no_usage(std::ostream&) {}

}  // namespace roja::ctl
