// Command line of `rojactl feed build` (declared in feed_build.hpp).
#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>
#include <set>

#include "daemon/ctl/feed_build.hpp"
#include "daemon/ctl/feed_manifest_json.hpp"

namespace roja::ctl {

namespace {

constexpr std::size_t kMaxLists = 1024;
constexpr unsigned kMaxValidDays = 3650;

template <class T>
std::optional<T> parse_number(std::string_view text) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// ID:FORMAT:AUTHORITY:FILE; the file name may itself contain ':'.
std::optional<FeedListSource> parse_list_spec(std::string_view spec) {
    FeedListSource list;
    std::string* parts[] = {&list.id, &list.format, &list.authority};
    for (std::string* part : parts) {
        const auto colon = spec.find(':');
        if (colon == std::string_view::npos || colon == 0) return std::nullopt;
        part->assign(spec.substr(0, colon));
        spec.remove_prefix(colon + 1);
    }
    if (spec.empty()) return std::nullopt;
    list.file.assign(spec);
    return list;
}

bool apply_option(FeedBuildArgs& parsed, std::string_view option, std::string_view value,
                  std::ostream& err) {
    if (option == "--feed") {
        parsed.feed.assign(value);
    } else if (option == "--list") {
        auto list = parse_list_spec(value);
        if (!list) {
            err << "rojactl feed build: --list takes ID:FORMAT:AUTHORITY:FILE\n";
            return false;
        }
        parsed.lists.push_back(std::move(*list));
    } else if (option == "--title") {
        if (parsed.lists.empty() || !parsed.lists.back().title.empty()) {
            err << "rojactl feed build: --title names the --list before it (once)\n";
            return false;
        }
        parsed.lists.back().title.assign(value);
    } else if (option == "--valid-days") {
        const auto days = parse_number<unsigned>(value);
        if (!days || *days == 0 || *days > kMaxValidDays) {
            err << "rojactl feed build: --valid-days takes 1 to " << kMaxValidDays << "\n";
            return false;
        }
        parsed.valid_days = *days;
    } else if (option == "--serial") {
        parsed.serial = parse_number<std::uint64_t>(value);
        if (!parsed.serial || *parsed.serial == 0) {
            err << "rojactl feed build: --serial takes a positive integer\n";
            return false;
        }
    } else {
        err << "rojactl feed build: unknown option " << option << "\n";
        return false;
    }
    return true;
}

bool has_control(std::string_view text) noexcept {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The limits of the subscriber's parser (filter/feed_manifest_fields.cpp), checked before
// anything is written.
bool check_list(const FeedListSource& list, std::set<std::string_view>& seen, std::ostream& err) {
    const char* problem = nullptr;
    if (!is_feed_id(list.id))
        problem = "a list id is [a-z0-9._-]{1,64}";
    else if (!seen.insert(list.id).second)
        problem = "list ids must be unique";
    else if (list.format != "csv" && list.format != "plain")
        problem = "the format is csv or plain";
    else if (list.authority.size() > 256 || has_control(list.authority))
        problem = "the authority is at most 256 bytes without control characters";
    else if (list.title.size() > 1024 || has_control(list.title))
        problem = "the title is at most 1024 bytes without control characters";
    if (problem != nullptr)
        err << "rojactl feed build: list '" << list.id << "': " << problem << "\n";
    return problem == nullptr;
}

bool check_args(const FeedBuildArgs& parsed, std::ostream& err) {
    if (parsed.dir.empty() || parsed.feed.empty() || parsed.lists.empty()) return false;
    if (!is_feed_id(parsed.feed)) {
        err << "rojactl feed build: a feed id is [a-z0-9._-]{1,64}\n";
        return false;
    }
    if (parsed.lists.size() > kMaxLists) {
        err << "rojactl feed build: at most " << kMaxLists << " lists\n";
        return false;
    }
    std::set<std::string_view> seen;
    for (const auto& list : parsed.lists)
        if (!check_list(list, seen, err)) return false;
    return true;
}

}  // namespace

std::optional<FeedBuildArgs> parse_feed_build_args(std::span<const std::string_view> args,
                                                   std::ostream& err) {
    FeedBuildArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (!args[i].starts_with("--")) {
            if (!parsed.dir.empty()) return std::nullopt;
            parsed.dir.assign(args[i]);
            continue;
        }
        if (i + 1 == args.size()) {
            err << "rojactl feed build: " << args[i] << " needs a value\n";
            return std::nullopt;
        }
        if (!apply_option(parsed, args[i], args[i + 1], err)) return std::nullopt;
        ++i;
    }
    if (!check_args(parsed, err)) return std::nullopt;
    return parsed;
}

std::optional<std::uint64_t> next_feed_serial(std::optional<std::uint64_t> previous,
                                              std::optional<std::uint64_t> requested,
                                              std::ostream& err) {
    if (requested) {
        if (previous && *requested <= *previous) {
            err << "rojactl feed build: --serial " << *requested
                << " is not above the current serial " << *previous << "\n";
            return std::nullopt;
        }
        return requested;
    }
    if (!previous) return 1;
    if (*previous == std::numeric_limits<std::uint64_t>::max()) {
        err << "rojactl feed build: the serial cannot go higher\n";
        return std::nullopt;
    }
    return *previous + 1;
}

}  // namespace roja::ctl
