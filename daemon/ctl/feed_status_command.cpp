#include "daemon/ctl/feed_status_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "config/default_paths.hpp"
#include "daemon/ctl/text_file.hpp"

namespace roja::ctl {

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct StatusArgs {
    std::string state_dir{config::default_state_dir()};
    std::string feed;
    bool as_json = false;
};

std::optional<StatusArgs> parse_args(std::span<const std::string_view> args) {
    StatusArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--state-dir" && i + 1 < args.size())
            parsed.state_dir = args[++i];
        else if (args[i] == "--json")
            parsed.as_json = true;
        else if (args[i].starts_with("--") || !parsed.feed.empty())
            return std::nullopt;
        else
            parsed.feed = args[i];
    }
    return parsed;
}

std::string text_of(const json::object& status, std::string_view key) {
    const auto* value = status.if_contains(key);
    if (!value || value->is_null()) return "-";
    if (value->is_string())
        return value->get_string().empty() ? "-" : std::string(value->get_string());
    if (value->is_double()) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3f", value->get_double());
        return text;
    }
    if (value->is_array()) {
        std::string joined;
        for (const auto& item : value->get_array())
            joined += (joined.empty() ? "" : ", ") +
                      (item.is_string() ? std::string(item.get_string()) : json::serialize(item));
        return joined.empty() ? "-" : joined;
    }
    return json::serialize(*value);
}

void print_lists(const json::object& status, std::ostream& out) {
    const auto* lists = status.if_contains("lists");
    if (!lists || !lists->is_array()) return;
    for (const auto& item : lists->get_array()) {
        if (!item.is_object()) continue;
        const auto& list = item.get_object();
        out << "  list " << text_of(list, "id") << " (" << text_of(list, "authority")
            << "): " << text_of(list, "entries") << " entries, " << text_of(list, "loaded")
            << " enforced, " << text_of(list, "never_blocked") << " refused by never_block\n";
    }
}

void print_status(const json::object& status, std::ostream& out) {
    const bool is_degraded = status.if_contains("degraded") && status.at("degraded").is_bool() &&
                             status.at("degraded").as_bool();
    out << "feed " << text_of(status, "feed") << " from " << text_of(status, "source") << ": "
        << (is_degraded ? "DEGRADED" : "ok") << "\n";
    out << "  serial " << text_of(status, "serial") << ", issued " << text_of(status, "issued_at")
        << ", expires " << text_of(status, "expires_at")
        << (text_of(status, "stale") == "true" ? " (EXPIRED: still enforced)" : "") << "\n";
    out << "  signed by " << text_of(status, "signers") << "\n";
    out << "  manifest sha256 " << text_of(status, "manifest_sha256") << "\n";
    out << "  received " << text_of(status, "received_at") << ", verified "
        << text_of(status, "verified_at") << ", applied " << text_of(status, "applied_at") << " ("
        << text_of(status, "last_apply_seconds") << " s from download to enforcement)\n";
    print_lists(status, out);
    out << "  last poll " << text_of(status, "last_poll_at") << ": "
        << text_of(status, "last_result");
    if (text_of(status, "last_error") != "-")
        out << " (" << text_of(status, "last_error") << ": " << text_of(status, "last_detail")
            << ")";
    out << "\n  last success " << text_of(status, "last_success_at") << ", last failure "
        << text_of(status, "last_failure_at") << "; polls " << text_of(status, "polls")
        << ", applied " << text_of(status, "applied") << ", rejected "
        << text_of(status, "rejected") << ", fetch failures " << text_of(status, "fetch_failures")
        << "\n";
}

std::vector<fs::path> status_files(const StatusArgs& args) {
    std::vector<fs::path> files;
    if (!args.feed.empty()) return {fs::path(args.state_dir) / args.feed / "status.json"};
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(args.state_dir, error))
        if (entry.is_directory() && fs::exists(entry.path() / "status.json"))
            files.push_back(entry.path() / "status.json");
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

void print_feed_status_usage(std::ostream& out) {
    out << "  rojactl feed status [--state-dir DIR] [--json] [FEED]\n";
}

int run_feed_status(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto parsed = parse_args(args);
    if (!parsed) {
        err << "usage:\n";
        print_feed_status_usage(err);
        return 2;
    }
    const auto files = status_files(*parsed);
    if (files.empty()) {
        err << parsed->state_dir
            << ": no feed status found (is rojad following a feed with this state directory?)\n";
        return 1;
    }
    int code = 0;
    for (const fs::path& file : files) {
        const auto text = read_text_file(file.string());
        boost::system::error_code error;
        const json::value value = text ? json::parse(*text, error) : json::value();
        if (!text || error || !value.is_object()) {
            err << file.string() << ": cannot read a feed status\n";
            code = 1;
            continue;
        }
        if (parsed->as_json)
            out << json::serialize(value) << "\n";
        else
            print_status(value.get_object(), out);
        const auto* degraded = value.get_object().if_contains("degraded");
        if (degraded && degraded->is_bool() && degraded->as_bool()) code = 1;
    }
    return code;
}

}  // namespace roja::ctl
