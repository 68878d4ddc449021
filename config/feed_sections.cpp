// feeds: the signed feeds rojad follows, where they come from and whom it trusts to sign them.
#include <algorithm>

#include "config/map_reader.hpp"
#include "config/sections.hpp"

namespace roja::config {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// An https:// URL or a directory; plain http (or another scheme) would let anyone on the path
// withhold updates unnoticed, so it is refused here rather than at the first poll.
std::optional<std::string> read_source(const Field& field) {
    auto text = read_scalar(field, "an https:// URL or a directory");
    if (!text) return std::nullopt;
    const bool has_scheme = text->find("://") != std::string::npos;
    if (text->empty() || text->size() > 2048 || (has_scheme && !text->starts_with("https://"))) {
        field.report_expected("an https:// URL or a directory (no other scheme)");
        return std::nullopt;
    }
    return text;
}

auto seconds_reader(seconds min, seconds max) {
    return [=](const Field& value) -> std::optional<seconds> {
        const auto duration = read_duration(value, min, max);
        if (!duration) return std::nullopt;
        return std::chrono::duration_cast<seconds>(*duration);
    };
}

auto percent_reader() {
    return [](const Field& value) { return read_integer(value, 0, 1'000'000); };
}

void read_trust(MapReader& map, FeedConfig& feed) {
    map.read("keys", feed.keys, [](const Field& value) { return read_list(value, read_text); });
    map.read("ca", feed.ca, read_text);
    map.read("subject", feed.subject, read_text);
    if (feed.keys.empty() && feed.ca.empty())
        map.field().report(
            "a feed needs its trust: keys (minisign public key files) or ca (a CA bundle), or "
            "both");
    if (!feed.subject.empty() && feed.ca.empty())
        map.field().report("subject pins a CMS signer and needs ca");
}

void read_transport(MapReader& map, FeedConfig& feed) {
    map.read("tls_ca", feed.tls_ca, read_text);
    map.read("client_cert", feed.client_cert, read_text);
    map.read("client_key", feed.client_key, read_text);
    if (feed.client_cert.empty() != feed.client_key.empty())
        map.field().report("client_cert and client_key go together");
    map.read("poll", feed.poll, seconds_reader(seconds(1), std::chrono::days(7)));
    map.read("connect_timeout", feed.connect_timeout, seconds_reader(seconds(1), seconds(600)));
    map.read("timeout", feed.timeout, seconds_reader(seconds(1), std::chrono::hours(6)));
    map.read("attempts", feed.attempts,
             [](const Field& value) { return read_integer(value, 1, 10); });
    map.read("max_bytes", feed.max_bytes,
             [](const Field& value) { return read_size(value, 1024, 1ULL << 40); });
}

void read_guards(MapReader& map, FeedConfig& feed) {
    map.read("action", feed.action,
             [](const Field& value) { return read_choice<ListAction>(value, kListActionNames); });
    map.read("reason", feed.reason,
             [](const Field& value) { return read_choice<ReasonClass>(value, kReasonClassNames); });
    map.read("max_shrink_percent", feed.max_shrink_percent,
             [](const Field& value) { return read_integer(value, 0, 100); });
    map.read("max_growth_percent", feed.max_growth_percent, percent_reader());
    map.read("ratio_min_entries", feed.ratio_min_entries,
             [](const Field& value) { return read_integer(value, 0, 1ULL << 40); });
}

FeedConfig read_feed(const Field& field, const std::vector<ListConfig>& lists,
                     const std::vector<FeedConfig>& earlier) {
    FeedConfig feed;
    MapReader map(field);
    if (const auto id = map.find("id")) {
        if (auto value = read_identifier(*id)) {
            const auto same = [&](const auto& other) { return other.id == *value; };
            if (value->size() > 64 || *value == "." || *value == "..")
                id->report_expected("a feed id of 1 to 64 characters");
            else if (std::any_of(earlier.begin(), earlier.end(), same))
                id->report("feed id \"" + *value + "\" is already used");
            else if (std::any_of(lists.begin(), lists.end(), same))
                id->report("\"" + *value + "\" is already a list id; groups name both");
            feed.id = std::move(*value);
        }
    } else {
        map.report_missing("id");
    }
    if (!map.find("source")) map.report_missing("source");
    map.read("source", feed.source, read_source);
    read_trust(map, feed);
    read_transport(map, feed);
    read_guards(map, feed);
    map.report_unknown_keys();
    return feed;
}

}  // namespace

std::vector<FeedConfig> read_feeds(const Field& field, const std::vector<ListConfig>& lists) {
    std::vector<FeedConfig> feeds;
    if (field.node.IsNull()) return feeds;
    if (!field.node.IsSequence()) {
        field.report_expected("a list of feeds, each a map with id, source and keys or ca");
        return feeds;
    }
    std::size_t index = 0;
    for (const YAML::Node& node : field.node)
        feeds.push_back(read_feed(field.item(index++, node), lists, feeds));
    return feeds;
}

}  // namespace roja::config
