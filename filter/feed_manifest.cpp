// Strict reading of "roja-feed/1": every field is checked and every error names the field.
#include "filter/feed_manifest.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <set>

#include "filter/feed_manifest_fields.hpp"
#include "filter/feed_manifest_keys.hpp"

namespace roja::filter {
namespace {

namespace json = boost::json;

constexpr std::array<std::string_view, 6> kTopKeys = {"format",    "feed",       "serial",
                                                      "issued_at", "expires_at", "lists"};
constexpr std::array<std::string_view, 9> kListKeys = {
    "id", "authority", "title", "format", "path", "url", "size", "sha256", "entries"};

FeedResult<FeedListFormat> list_format(const json::object& object, const std::string& where) {
    auto text = string_field(object, where, "format");
    if (!text) return text.error();
    if (*text == "csv") return FeedListFormat::csv;
    if (*text == "plain") return FeedListFormat::plain;
    return malformed(where, "format", "expected \"csv\" or \"plain\"");
}

// Exactly one of "path" and "url" says where the payload is.
FeedResult<void> list_location(const json::object& object, const std::string& where,
                               FeedList& list) {
    const bool has_path = object.contains("path");
    if (has_path == object.contains("url"))
        return malformed(where, "path", "expected exactly one of \"path\" and \"url\"");
    if (has_path) {
        auto path = checked_string(object, where, "path", check_relative_path);
        if (!path) return path.error();
        list.path = *path;
    } else {
        auto url = checked_string(object, where, "url", check_https_url);
        if (!url) return url.error();
        list.url = *url;
    }
    return {};
}

FeedResult<FeedList> read_list(const json::value& value, const std::string& where) {
    if (!value.is_object()) return malformed(where, "", "expected an object");
    const json::object& object = value.get_object();
    if (auto known = only_known_keys(object, where, kListKeys); !known) return known.error();
    FeedList list;
    auto id = checked_string(object, where, "id", check_identifier);
    auto authority = checked_string(object, where, "authority", check_authority);
    auto title = checked_string(object, where, "title", check_title);
    auto format = list_format(object, where);
    auto size = unsigned_field(object, where, "size");
    auto sha256 = checked_string(object, where, "sha256", check_sha256);
    auto entries = unsigned_field(object, where, "entries");
    // Report the first problem in the documented field order.
    if (!id) return id.error();
    if (!authority) return authority.error();
    if (!title) return title.error();
    if (!format) return format.error();
    if (auto location = list_location(object, where, list); !location) return location.error();
    if (!size) return size.error();
    if (!sha256) return sha256.error();
    if (!entries) return entries.error();
    list.id = *id;
    list.authority = *authority;
    list.title = *title;
    list.format = *format;
    list.size = *size;
    list.sha256 = *sha256;
    list.entries = *entries;
    return list;
}

FeedResult<std::vector<FeedList>> read_lists(const json::object& top) {
    const json::value* value = top.if_contains("lists");
    if (!value) return malformed("", "lists", "missing (expected an array of lists)");
    if (!value->is_array()) return malformed("", "lists", "expected an array of lists");
    const json::array& array = value->get_array();
    if (array.empty() || array.size() > kMaxFeedLists)
        return malformed("", "lists", "expected 1 to 1024 lists");
    std::vector<FeedList> lists;
    std::set<std::string, std::less<>> ids;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string where = "lists[" + std::to_string(i) + "]";
        auto list = read_list(array[i], where);
        if (!list) return list.error();
        if (!ids.insert(list->id).second)
            return malformed(where, "id",
                             "expected a unique list id, \"" + list->id + "\" repeats");
        lists.push_back(std::move(*list));
    }
    return lists;
}

FeedResult<std::chrono::sys_seconds> time_field(const json::object& top, std::string_view key) {
    auto text = string_field(top, "", key);
    if (!text) return text.error();
    auto time = parse_feed_time(*text);
    if (!time) return malformed("", key, time.error().detail);
    return *time;
}

FeedResult<FeedManifest> read_manifest(const json::object& top) {
    if (auto known = only_known_keys(top, "", kTopKeys); !known) return known.error();
    auto format = string_field(top, "", "format");
    if (!format) return format.error();
    if (*format != kFeedFormat) return malformed("", "format", "expected \"roja-feed/1\"");
    FeedManifest manifest;
    auto feed = checked_string(top, "", "feed", check_identifier);
    if (!feed) return feed.error();
    manifest.feed = *feed;
    auto serial = unsigned_field(top, "", "serial");
    if (!serial) return serial.error();
    manifest.serial = *serial;
    auto issued = time_field(top, "issued_at");
    if (!issued) return issued.error();
    auto expires = time_field(top, "expires_at");
    if (!expires) return expires.error();
    if (*expires <= *issued) return malformed("", "expires_at", "expected a time after issued_at");
    manifest.issued_at = *issued;
    manifest.expires_at = *expires;
    auto lists = read_lists(top);
    if (!lists) return lists.error();
    manifest.lists = std::move(*lists);
    return manifest;
}

}  // namespace

FeedResult<FeedManifest> parse_feed_manifest(std::string_view json_text) {
    if (json_text.size() > kMaxManifestBytes)
        return feed_problem(FeedError::too_large, "manifest: expected at most 4 MiB");
    boost::system::error_code ec;
    const json::value document = json::parse(json_text, ec);
    if (ec)
        return feed_problem(FeedError::malformed_manifest, "manifest: not JSON: " + ec.message());
    if (auto key = find_duplicate_json_key(json_text))
        return feed_problem(FeedError::malformed_manifest,
                            "manifest: expected unique keys, \"" + *key + "\" repeats");
    if (!document.is_object())
        return feed_problem(FeedError::malformed_manifest, "manifest: expected a JSON object");
    return read_manifest(document.get_object());
}

}  // namespace roja::filter
