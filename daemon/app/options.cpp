#include "daemon/app/options.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string_view>

#include "filter/ip_prefix.hpp"

namespace roja::app {

namespace {

using namespace std::string_literals;

std::string_view value_of(int& i, int argc, char** argv) {
    if (i + 1 >= argc) throw std::invalid_argument("missing value after "s + argv[i]);
    return argv[++i];
}

config::Endpoint parse_endpoint(std::string_view flag, std::string_view text) {
    std::string_view host = text;
    std::uint16_t port = 53;
    if (text.starts_with('[')) {  // [v6]:port
        const auto close = text.find(']');
        if (close == std::string_view::npos)
            throw std::invalid_argument(std::string(flag) + ": bad address " + std::string(text));
        host = text.substr(1, close - 1);
        if (close + 1 < text.size() && text[close + 1] == ':')
            text = text.substr(close + 2);
        else
            text = {};
    } else if (const auto colon = text.rfind(':');
               colon != std::string_view::npos && text.find(':') == colon) {
        host = text.substr(0, colon);
        text = text.substr(colon + 1);
    } else {
        text = {};  // a bare address (IPv4, or IPv6 without brackets): port 53
    }
    if (!text.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535)
            throw std::invalid_argument(std::string(flag) + ": bad port in " + std::string(text));
        port = static_cast<std::uint16_t>(value);
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) throw std::invalid_argument(std::string(flag) + ": bad address " + std::string(host));
    return {address, port};
}

config::IpPrefix parse_prefix(std::string_view text) {
    const auto slash = text.find('/');
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(text.substr(0, slash)), ec);
    if (ec) throw std::invalid_argument("--allow: bad prefix " + std::string(text));
    unsigned length = address.is_v4() ? 32 : 128;
    if (slash != std::string_view::npos) {
        const auto digits = text.substr(slash + 1);
        const auto [end, err] =
            std::from_chars(digits.data(), digits.data() + digits.size(), length);
        if (err != std::errc() || end != digits.data() + digits.size() ||
            length > (address.is_v4() ? 32u : 128u))
            throw std::invalid_argument("--allow: bad prefix length in " + std::string(text));
    }
    // Host bits are cleared, as in the YAML loader ("10.1.2.3/8" is 10.0.0.0/8).
    const auto masked =
        filter::mask(filter::to_address128(address), address.is_v4() ? length + 96 : length);
    if (address.is_v4()) {
        const auto v4 = static_cast<std::uint32_t>(masked.lo);
        return {boost::asio::ip::address_v4(v4), length};
    }
    boost::asio::ip::address_v6::bytes_type bytes{};
    for (std::size_t i = 0; i < 8; ++i) {
        const std::size_t shift = 56 - 8 * i;
        bytes[i] = static_cast<std::uint8_t>(masked.hi >> shift);
        bytes[8 + i] = static_cast<std::uint8_t>(masked.lo >> shift);
    }
    return {boost::asio::ip::address_v6(bytes), length};
}

unsigned parse_count(std::string_view flag, std::string_view text, unsigned min, unsigned max) {
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max)
        throw std::invalid_argument(std::string(flag) + ": expected a number from " +
                                    std::to_string(min) + " to " + std::to_string(max) + ", got " +
                                    std::string(text));
    return n;
}

config::ListConfig parse_list(std::string_view text, std::size_t index) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        throw std::invalid_argument("--list: expected FORMAT:PATH, got " + std::string(text));
    const auto format = filter::list_format_from_string(text.substr(0, colon));
    if (!format)
        throw std::invalid_argument("--list: unknown format '" +
                                    std::string(text.substr(0, colon)) +
                                    "' (expected plain, hosts, adblock, rpz or csv)");
    config::ListConfig list;
    list.id = "cli-list-" + std::to_string(index + 1);
    list.path = std::string(text.substr(colon + 1));
    list.format = format;
    list.title = list.path;
    return list;
}

}  // namespace

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--config")
            o.config_file = std::string(value_of(i, argc, argv));
        else if (arg == "--check-config")
            o.check_config = std::string(value_of(i, argc, argv));
        else if (arg == "--listen")
            o.listen.emplace_back(value_of(i, argc, argv));
        else if (arg == "--upstream")
            o.upstreams.emplace_back(value_of(i, argc, argv));
        else if (arg == "--list")
            o.lists.emplace_back(value_of(i, argc, argv));
        else if (arg == "--warning-address")
            o.warning_addresses.emplace_back(value_of(i, argc, argv));
        else if (arg == "--allow")
            o.allow.emplace_back(value_of(i, argc, argv));
        else if (arg == "--log-level")
            o.log_level = std::string(value_of(i, argc, argv));
        else if (arg == "--feed")
            o.feed = std::string(value_of(i, argc, argv));
        else if (arg == "--feed-key")
            o.feed_keys.emplace_back(value_of(i, argc, argv));
        else if (arg == "--feed-ca")
            o.feed_ca = std::string(value_of(i, argc, argv));
        else if (arg == "--feed-poll")
            o.feed_poll = parse_count("--feed-poll", value_of(i, argc, argv), 1, 7 * 86400);
        else if (arg == "--state-dir")
            o.state_dir = std::string(value_of(i, argc, argv));
        else if (arg == "--user")
            o.user = std::string(value_of(i, argc, argv));
        else if (arg == "--admin-listen")
            o.admin_listen = std::string(value_of(i, argc, argv));
        else if (arg == "--threads")
            o.threads = parse_count("--threads", value_of(i, argc, argv), 0, 1024);
        else if (arg == "--version")
            o.version = true;
        else if (arg == "--help" || arg == "-h")
            o.help = true;
        else
            throw std::invalid_argument("unknown argument " + std::string(arg) + " (see --help)");
    }
    return o;
}

namespace {

void apply_lists(const Options& o, config::Config& config) {
    for (std::size_t i = 0; i < o.lists.size(); ++i) {
        config.lists.push_back(parse_list(o.lists[i], i));
        for (auto& group : config.groups)  // flag lists join the default group
            if (group.name == config::kDefaultGroupName)
                group.lists.push_back(config.lists.back().id);
    }
}

std::vector<boost::asio::ip::address> parse_addresses(const std::vector<std::string>& texts) {
    std::vector<boost::asio::ip::address> out;
    for (const auto& text : texts) {
        boost::system::error_code ec;
        const auto address = boost::asio::ip::make_address(text, ec);
        if (ec) throw std::invalid_argument("--warning-address: bad address " + text);
        out.push_back(address);
    }
    return out;
}

bool is_feed_id(std::string_view id) {
    if (id.empty() || id.size() > 64 || id == "." || id == "..") return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

// --feed [ID=]SOURCE: without ID, the source's last path segment names the feed (publishers put
// a feed under a directory named after it: https://feeds.akep.al/akep-al/).
config::FeedConfig parse_feed(const Options& o) {
    config::FeedConfig feed;
    std::string_view text = *o.feed;
    const auto equals = text.find('=');
    const auto scheme = text.find("://");
    if (equals != std::string_view::npos && (scheme == std::string_view::npos || equals < scheme)) {
        feed.id = std::string(text.substr(0, equals));
        text.remove_prefix(equals + 1);
    }
    const bool has_scheme = text.find("://") != std::string_view::npos;
    if (text.empty() || (has_scheme && !text.starts_with("https://")))
        throw std::invalid_argument("--feed: expected an https:// URL or a directory, got " +
                                    std::string(text));
    feed.source = std::string(text);
    if (feed.id.empty()) {
        std::string_view path = text;
        while (path.ends_with('/')) path.remove_suffix(1);
        feed.id = std::string(path.substr(path.rfind('/') + 1));
    }
    if (!is_feed_id(feed.id))
        throw std::invalid_argument(
            "--feed: \"" + feed.id +
            "\" is not a feed id ([a-z0-9._-]{1,64}); name it: --feed ID=" + std::string(text));
    feed.keys = o.feed_keys;
    if (o.feed_ca) feed.ca = *o.feed_ca;
    if (feed.keys.empty() && feed.ca.empty())
        throw std::invalid_argument(
            "--feed needs its trust: --feed-key FILE (minisign) or --feed-ca FILE (CMS)");
    if (o.feed_poll) feed.poll = std::chrono::seconds(*o.feed_poll);
    return feed;
}

void apply_feed(const Options& o, config::Config& config) {
    if (!o.feed) {
        if (!o.feed_keys.empty() || o.feed_ca || o.feed_poll)
            throw std::invalid_argument("--feed-key, --feed-ca and --feed-poll go with --feed");
        return;
    }
    config.feeds.push_back(parse_feed(o));
    for (auto& group : config.groups)  // the flag feed joins the default group
        if (group.name == config::kDefaultGroupName) group.lists.push_back(config.feeds.back().id);
}

template <class T, class Parse>
void replace_if_given(const std::vector<std::string>& texts, std::vector<T>& target, Parse parse) {
    if (texts.empty()) return;
    target.clear();
    for (const auto& text : texts) target.push_back(parse(text));
}

}  // namespace

void apply_options(const Options& o, config::Config& config) {
    // The example list belongs to the bare built-in default (`make run`); a quick start names
    // its own lists, or none for a plain caching proxy.
    if (!o.config_file && o.has_quick_start_flags()) config.lists.clear();
    replace_if_given(o.listen, config.server.listen,
                     [](const std::string& t) { return parse_endpoint("--listen", t); });
    if (!o.upstreams.empty()) config.upstream.servers_from_resolv_conf = false;
    replace_if_given(o.upstreams, config.upstream.servers,
                     [](const std::string& t) { return parse_endpoint("--upstream", t); });
    apply_lists(o, config);
    apply_feed(o, config);
    if (o.state_dir) config.state_dir = *o.state_dir;
    if (!o.warning_addresses.empty())
        config.blocking.warning_addresses = parse_addresses(o.warning_addresses);
    replace_if_given(o.allow, config.access.allow,
                     [](const std::string& t) { return parse_prefix(t); });
    if (o.threads) config.server.threads = *o.threads;
    if (o.admin_listen) {
        config.admin.listen = parse_endpoint("--admin-listen", *o.admin_listen);
        config.admin.enabled = true;
    }
}

std::string usage() {
    return "usage: rojad [--config FILE] [--check-config FILE]\n"
           "             [--listen ADDR:PORT]... [--upstream ADDR:PORT]... [--list "
           "FORMAT:PATH]...\n"
           "             [--warning-address IP]... [--allow PREFIX]... [--threads N] [--log-level "
           "LEVEL]\n"
           "             [--feed [ID=]URL|DIR (--feed-key FILE... | --feed-ca FILE) [--feed-poll "
           "SECONDS]]\n"
           "             [--state-dir DIR] [--user NAME] [--admin-listen ADDR:PORT]\n"
           "             [--version] [--help]\n"
           "Without --config and without quick-start flags rojad reads /etc/roja/roja.yaml when "
           "it\n"
           "exists, else runs its built-in default (127.0.0.1:5353, loopback clients only, the\n"
           "example list, upstreams from /etc/resolv.conf). Flags override the file.\n"
           "--feed follows a signed feed (docs/feed.md); its verified versions are kept in the "
           "state\n"
           "directory and enforced at once on the next start.\n"
           "Started as root, rojad binds its sockets and then serves as --user (default roja, "
           "when\n"
           "that user exists; --user root stays root) with no capabilities.\n"
           "--admin-listen serves /metrics and the API (docs/api.md) there; a configuration file\n"
           "gets the admin listener on 127.0.0.1:8053 unless its admin section says otherwise.\n"
           "SIGHUP reloads lists and policy and polls the feeds; SIGTERM drains in-flight queries "
           "and exits.\n";
}

}  // namespace roja::app
