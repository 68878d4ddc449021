#include "daemon/ctl/probe_command.hpp"

#include <charconv>
#include <chrono>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "config/value_parsers.hpp"
#include "daemon/ctl/dns_probe.hpp"
#include "daemon/ctl/feed_files.hpp"
#include "daemon/ctl/feed_sign.hpp"
#include "daemon/ctl/probe_targets.hpp"
#include "daemon/ctl/published_feed.hpp"
#include "daemon/ctl/url_probe.hpp"
#include "daemon/feed/minisign_writer.hpp"
#include "filter/utc_time.hpp"

namespace roja::ctl {

namespace {

constexpr std::size_t kDefaultSample = 1000;
constexpr unsigned kDefaultRate = 50;  // queries per second: a probe must not load a resolver

struct ProbeArgs {
    config::FeedConfig feed;
    boost::asio::ip::udp::endpoint resolver;
    std::vector<boost::asio::ip::address> warning;
    std::size_t sample = kDefaultSample;
    std::uint64_t seed = 0;
    bool has_seed = false;
    unsigned rate = kDefaultRate;
    std::chrono::milliseconds timeout{2000};
    bool http = false;             // --http: URL entries too, by an HTTP GET
    std::uint16_t http_port = 80;  // --http-port
    std::string sign_key;
    std::string out;
};

template <class T>
bool parse_number(std::string_view text, T& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size();
}

bool parse_resolver(std::string_view text, boost::asio::ip::udp::endpoint& out) {
    const auto endpoint = config::parse_endpoint(text, 53);
    if (!endpoint) return false;
    out = {endpoint->address, endpoint->port};
    return true;
}

// One flag and its value; false on an unknown flag or a bad value.
bool read_flag(std::string_view flag, std::string_view value, ProbeArgs& args) {
    boost::system::error_code ec;
    if (flag == "--resolver") return parse_resolver(value, args.resolver);
    if (flag == "--feed")
        args.feed.source = value;
    else if (flag == "--key")
        args.feed.keys.emplace_back(value);
    else if (flag == "--ca")
        args.feed.ca = value;
    else if (flag == "--subject")
        args.feed.subject = value;
    else if (flag == "--feed-id")
        args.feed.id = value;
    else if (flag == "--tls-ca")
        args.feed.tls_ca = value;
    else if (flag == "--sign")
        args.sign_key = value;
    else if (flag == "--out")
        args.out = value;
    else if (flag == "--sample")
        return parse_number(value, args.sample);
    else if (flag == "--seed")
        return args.has_seed = parse_number(value, args.seed);
    else if (flag == "--http-port")
        return parse_number(value, args.http_port) && args.http_port > 0;
    else if (flag == "--rate")
        return parse_number(value, args.rate) && args.rate > 0;
    else if (flag == "--timeout") {
        unsigned ms = 0;
        if (!parse_number(value, ms) || ms == 0) return false;
        args.timeout = std::chrono::milliseconds(ms);
    } else if (flag == "--warning") {
        args.warning.push_back(boost::asio::ip::make_address(std::string(value), ec));
        return !ec;
    } else {
        return false;
    }
    return true;
}

std::optional<ProbeArgs> parse_args(std::span<const std::string_view> args) {
    ProbeArgs parsed;
    std::size_t i = 0;
    for (; i < args.size(); i += 2) {
        if (args[i] == "--http") {  // the one flag without a value
            parsed.http = true;
            --i;
            continue;
        }
        if (i + 1 >= args.size() || !read_flag(args[i], args[i + 1], parsed)) return std::nullopt;
    }
    const bool has_trust = !parsed.feed.keys.empty() || !parsed.feed.ca.empty();
    if (parsed.feed.source.empty() || !has_trust || parsed.out.empty() ||
        parsed.resolver.port() == 0)
        return std::nullopt;
    if (!parsed.has_seed) parsed.seed = std::random_device{}();
    return parsed;
}

struct ProbeRun {
    std::vector<ProbeTarget> sample;  // names, then (with --http) URLs
    std::size_t names = 0;            // how many of `sample` are names
    std::vector<ProbeAnswer> answers;
    std::string started_at, finished_at;
};

// At most `rate` questions a second, one after the other: the probe never floods a resolver.
ProbeRun ask_all(const ProbeArgs& args, std::vector<ProbeTarget> sample,
                 std::vector<ProbeTarget> urls) {
    const std::size_t names = sample.size();
    sample.insert(sample.end(), urls.begin(), urls.end());
    ProbeRun run{
        std::move(sample), names, {}, filter::format_utc(std::chrono::system_clock::now()), {}};
    const auto gap = std::chrono::microseconds(1000000 / args.rate);
    auto next = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < run.sample.size(); ++i) {
        std::this_thread::sleep_until(next);
        next += gap;
        const std::string& target = run.sample[i].name;
        run.answers.push_back(
            i < run.names
                ? ask_resolver(args.resolver, target, args.warning, args.timeout)
                : probe_url(args.resolver, target, args.warning, args.timeout, args.http_port));
    }
    run.finished_at = filter::format_utc(std::chrono::system_clock::now());
    return run;
}

boost::json::object not_probed(const ProbeTargets& targets, const ProbeRun& run) {
    using filter::EntryType;
    const auto count = [&](EntryType type) {
        return targets.not_names[static_cast<std::size_t>(type)];
    };
    return {{"url", targets.urls.size() - (run.sample.size() - run.names)},
            {"ip", count(EntryType::ip)},
            {"sni", count(EntryType::sni)},
            {"allow", targets.allow},
            {"not_yet_effective", targets.not_yet_effective},
            {"expired", targets.expired}};
}

// With --http, the URL sample (same size and seed as the names') is said apart.
boost::json::object sample_json(const ProbeArgs& args, const ProbeTargets& targets,
                                const ProbeRun& run) {
    boost::json::object sample{
        {"size", run.names}, {"of", targets.names.size()}, {"seed", std::to_string(args.seed)}};
    if (args.http) {
        sample["urls"] = run.sample.size() - run.names;
        sample["urls_of"] = targets.urls.size();
    }
    return sample;
}

boost::json::object report_json(const ProbeArgs& args, const PublishedFeed& feed,
                                const ProbeTargets& targets, const ProbeRun& run) {
    boost::json::array results, misses;
    std::size_t counts[3] = {0, 0, 0};
    for (std::size_t i = 0; i < run.sample.size(); ++i) {
        const ProbeTarget& target = run.sample[i];
        const ProbeAnswer& answer = run.answers[i];
        ++counts[static_cast<int>(answer.verdict)];
        boost::json::object item{{"name", target.name},
                                 {"type", i < run.names ? "name" : "url"},
                                 {"verdict", probe_verdict_name(answer.verdict)},
                                 {"how", answer.how}};
        if (answer.verdict == ProbeVerdict::not_blocked)
            misses.push_back({{"name", target.name},
                              {"type", i < run.names ? "name" : "url"},
                              {"list", target.list},
                              {"entry_id", target.entry_id},
                              {"authority", target.authority},
                              {"decision", target.decision},
                              {"how", answer.how}});
        results.push_back(std::move(item));
    }
    const auto& manifest = feed.verified.manifest;
    std::ostringstream resolver;
    resolver << args.resolver;
    return {{"report", "roja-probe"},
            {"version", ROJA_VERSION},
            {"feed",
             {{"id", manifest.feed},
              {"serial", manifest.serial},
              {"manifest_sha256", feed.verified.sha256},
              {"issued_at", filter::format_utc(manifest.issued_at)}}},
            {"resolver", resolver.str()},
            {"started_at", run.started_at},
            {"finished_at", run.finished_at},
            {"sample", sample_json(args, targets, run)},
            {"counts", {{"blocked", counts[0]}, {"not_blocked", counts[1]}, {"error", counts[2]}}},
            {"not_probed", not_probed(targets, run)},
            {"misses", std::move(misses)},
            {"results", std::move(results)}};
}

// REPORT.json and, with --sign, REPORT.json.minisig.
bool write_report(const ProbeArgs& args, const boost::json::object& report, std::ostream& err) {
    const std::string text = boost::json::serialize(report) + "\n";
    if (auto written = write_file_atomically(args.out, text, 0644); !written) {
        err << "rojactl probe: cannot write " << args.out << ": " << written.error().message()
            << "\n";
        return false;
    }
    if (args.sign_key.empty()) return true;
    const auto key = load_secret_key(args.sign_key, "rojactl probe", err);
    if (!key) return false;
    const std::string trusted = "roja-probe feed " +
                                std::string(report.at("feed").at("id").as_string()) + " resolver " +
                                std::string(report.at("resolver").as_string()) + " at " +
                                std::string(report.at("finished_at").as_string());
    const std::span bytes(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    const auto signature =
        feed::sign_minisign(*key, bytes, trusted, feed::MinisignVariant::prehashed);
    if (!signature) {
        err << "rojactl probe: " << signature.error().message << "\n";
        return false;
    }
    if (auto written = write_file_atomically(args.out + ".minisig", *signature, 0644); !written) {
        err << "rojactl probe: cannot write " << args.out
            << ".minisig: " << written.error().message() << "\n";
        return false;
    }
    return true;
}

}  // namespace

void print_probe_usage(std::ostream& out) {
    out << "  rojactl probe --resolver ADDR[:PORT] --feed URL|DIR (--key PUBLIC.pub … | --ca "
           "CA.pem)\n"
           "                [--feed-id ID] [--tls-ca FILE] [--warning ADDR …] [--sample N]\n"
           "                [--seed S] [--rate QPS] [--timeout MS] [--sign SECRET.key]\n"
           "                [--http [--http-port PORT]]\n"
           "                --out REPORT.json\n"
           "      verify a feed version as rojad does, then ask any resolver about a seeded\n"
           "      sample of its names (N=0: all) and report what it did not block; --http:\n"
           "      its URL entries too, by a GET at the address the resolver gives (451 expected)\n";
}

int run_probe_command(std::span<const std::string_view> args, std::ostream& out,
                      std::ostream& err) {
    const auto parsed = parse_args(args);
    if (!parsed) {
        err << "usage:\n";
        print_probe_usage(err);
        return 2;
    }
    std::optional<PublishedFeed> feed;
    try {
        feed = fetch_published_feed(parsed->feed, out, err);
    } catch (const std::exception& e) {
        err << "rojactl probe: " << e.what() << "\n";
        return 1;
    }
    if (!feed || !feed->is_complete) {
        err << "rojactl probe: the feed does not verify; nothing was probed\n";
        return 1;
    }
    const auto now = filter::format_utc(std::chrono::system_clock::now());
    const ProbeTargets targets = collect_probe_targets(feed->payloads, now);
    // URL entries (--http) get their own sample of the same size and seed.
    const ProbeRun run =
        ask_all(*parsed, sample_targets(targets.names, parsed->sample, parsed->seed),
                parsed->http ? sample_targets(targets.urls, parsed->sample, parsed->seed)
                             : std::vector<ProbeTarget>{});
    const boost::json::object report = report_json(*parsed, *feed, targets, run);
    if (!write_report(*parsed, report, err)) return 1;
    const auto& counts = report.at("counts").as_object();
    out << "probed " << run.names << " of " << targets.names.size() << " names";
    if (parsed->http)
        out << " and " << run.sample.size() - run.names << " of " << targets.urls.size() << " URLs";
    out << " at " << report.at("resolver").as_string().c_str() << ": "
        << counts.at("blocked").as_uint64() << " blocked, " << counts.at("not_blocked").as_uint64()
        << " not blocked, " << counts.at("error").as_uint64() << " errors (seed " << parsed->seed
        << ")\n";
    for (const auto& miss : report.at("misses").as_array())
        out << "NOT BLOCKED " << miss.at("name").as_string().c_str() << " ("
            << miss.at("how").as_string().c_str() << ")\n";
    const bool clean =
        counts.at("not_blocked").as_uint64() == 0 && counts.at("error").as_uint64() == 0;
    return clean ? 0 : 1;
}

}  // namespace roja::ctl
