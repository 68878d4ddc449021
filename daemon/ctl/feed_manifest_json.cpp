#include "daemon/ctl/feed_manifest_json.hpp"

#include <time.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include "filter/utc_time.hpp"

namespace roja::ctl {

namespace {

std::string quoted(std::string_view text) {
    return boost::json::serialize(boost::json::string(text));
}

// One `"key": value` line at `indent` spaces; `last` leaves the comma off.
void add_member(std::string& out, int indent, std::string_view key, std::string_view json_value,
                bool last = false) {
    out.append(static_cast<std::size_t>(indent), ' ');
    out.append(quoted(key)).append(": ").append(json_value).append(last ? "\n" : ",\n");
}

void render_list(std::string& out, const FeedManifestListDraft& list, bool last) {
    out.append("    {\n");
    add_member(out, 6, "id", quoted(list.id));
    add_member(out, 6, "authority", quoted(list.authority));
    add_member(out, 6, "title", quoted(list.title));
    add_member(out, 6, "format", quoted(list.format));
    add_member(out, 6, "path", quoted(list.path));
    add_member(out, 6, "size", std::to_string(list.size));
    add_member(out, 6, "sha256", quoted(list.sha256));
    add_member(out, 6, "entries", std::to_string(list.entries), true);
    out.append(last ? "    }\n" : "    },\n");
}

}  // namespace

std::string render_feed_manifest(const FeedManifestDraft& manifest) {
    std::string out = "{\n";
    add_member(out, 2, "format", quoted("roja-feed/1"));
    add_member(out, 2, "feed", quoted(manifest.feed));
    add_member(out, 2, "serial", std::to_string(manifest.serial));
    add_member(out, 2, "issued_at", quoted(filter::format_utc(manifest.issued_at)));
    add_member(out, 2, "expires_at", quoted(filter::format_utc(manifest.expires_at)));
    out.append("  \"lists\": [\n");
    for (std::size_t i = 0; i < manifest.lists.size(); ++i)
        render_list(out, manifest.lists[i], i + 1 == manifest.lists.size());
    out.append("  ]\n}\n");
    return out;
}

bool is_feed_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::optional<FeedManifestHeader> read_feed_manifest_header(std::string_view json) {
    boost::system::error_code error;
    const boost::json::value root = boost::json::parse(json, error);
    if (error || !root.is_object()) return std::nullopt;
    const auto* feed = root.as_object().if_contains("feed");
    const auto* serial = root.as_object().if_contains("serial");
    if (feed == nullptr || !feed->is_string() || serial == nullptr) return std::nullopt;
    FeedManifestHeader header;
    header.feed.assign(feed->as_string().data(), feed->as_string().size());
    // Boost.JSON keeps integers that fit in int64 as int64, larger ones as uint64.
    if (serial->is_uint64()) {
        header.serial = serial->as_uint64();
    } else if (serial->is_int64() && serial->as_int64() >= 0) {
        header.serial = static_cast<std::uint64_t>(serial->as_int64());
    } else {
        return std::nullopt;
    }
    return header;
}

}  // namespace roja::ctl
