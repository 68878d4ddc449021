#include <doctest/doctest.h>

#include <string>

#include "filter/feed_manifest.hpp"
#include "filter/utc_time.hpp"

using namespace roja::filter;
using namespace std::chrono;

namespace {

const std::string kHash(64, 'a');

std::string list_json(const std::string& id = "akep-gambling",
                      const std::string& where = R"("path": "akep-gambling.csv")") {
    return R"({"id": ")" + id + R"(", "authority": "AKEP", "title": "AKEP gambling orders",
      "format": "csv", )" +
           where + R"(, "size": 12345, "sha256": ")" + kHash + R"(", "entries": 100})";
}

std::string manifest_json(const std::string& lists = "[" + list_json() + "]") {
    return R"({"format": "roja-feed/1", "feed": "akep-al", "serial": 42,
      "issued_at": "2026-11-28T10:00:00Z", "expires_at": "2026-12-05T10:00:00Z",
      "lists": )" +
           lists + "}";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The good manifest with its first `from` replaced by `to`.
std::string good_with(const std::string& from, const std::string& to) {
    return replaced(manifest_json(), from, to);
}

std::string problem_of(const std::string& json) {
    const auto parsed = parse_feed_manifest(json);
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().error == FeedError::malformed_manifest);
    return parsed.error().detail;
}

}  // namespace

TEST_CASE("a good manifest yields every field") {
    const auto parsed = parse_feed_manifest(manifest_json());
    REQUIRE(parsed.has_value());
    CHECK(parsed->feed == "akep-al");
    CHECK(parsed->serial == 42);
    CHECK(parsed->issued_at == sys_days{2026y / November / 28} + 10h);
    CHECK(parsed->expires_at == sys_days{2026y / December / 5} + 10h);
    REQUIRE(parsed->lists.size() == 1);
    const FeedList& list = parsed->lists[0];
    CHECK(list.id == "akep-gambling");
    CHECK(list.authority == "AKEP");
    CHECK(list.title == "AKEP gambling orders");
    CHECK(list.format == FeedListFormat::csv);
    CHECK(list.path == "akep-gambling.csv");
    CHECK(list.url.empty());
    CHECK(list.size == 12345);
    CHECK(list.sha256 == kHash);
    CHECK(list.entries == 100);
}

TEST_CASE("a list may name an https URL instead of a path, and plain as its format") {
    std::string list = list_json("x", R"("url": "https://mirror.example/x.txt")");
    list.replace(list.find("\"csv\""), 5, "\"plain\"");
    const auto parsed = parse_feed_manifest(manifest_json("[" + list + "]"));
    REQUIRE(parsed.has_value());
    CHECK(parsed->lists[0].url == "https://mirror.example/x.txt");
    CHECK(parsed->lists[0].path.empty());
    CHECK(parsed->lists[0].format == FeedListFormat::plain);
}

TEST_CASE("the largest serial and sizes fit, fractions of a second are ignored") {
    const auto parsed = parse_feed_manifest(
        replaced(good_with("42", "18446744073709551615"), "10:00:00Z", "10:00:00.123Z"));
    REQUIRE(parsed.has_value());
    CHECK(parsed->serial == 18446744073709551615ull);
    CHECK(parsed->issued_at == sys_days{2026y / November / 28} + 10h);
}

TEST_CASE("text that is not one JSON object is rejected") {
    CHECK(problem_of("").starts_with("manifest: not JSON"));
    CHECK(problem_of("{\"format\": ").starts_with("manifest: not JSON"));
    CHECK(problem_of(manifest_json() + " x").starts_with("manifest: not JSON"));
    CHECK(problem_of(manifest_json() + "// comment").starts_with("manifest: not JSON"));
    CHECK(problem_of("[1]") == "manifest: expected a JSON object");
    CHECK(problem_of("{\"a\": \"\xff\"}").starts_with("manifest: not JSON"));
}

TEST_CASE("unknown and duplicate keys are rejected at both levels") {
    CHECK(problem_of(good_with("\"feed\":", "\"signature\": 1, \"feed\":")) ==
          "signature: unknown key (not in roja-feed/1)");
    CHECK(problem_of(good_with("\"entries\":", "\"Entries\": 1, \"entries\":")) ==
          "lists[0].Entries: unknown key (not in roja-feed/1)");
    CHECK(problem_of(good_with("\"serial\": 42", "\"serial\": 42, \"serial\": 43")) ==
          "manifest: expected unique keys, \"serial\" repeats");
    CHECK(problem_of(good_with("\"size\": 12345", "\"size\": 1, \"size\": 12345")) ==
          "manifest: expected unique keys, \"size\" repeats");
}

TEST_CASE("top-level fields are checked one by one with the field named") {
    CHECK(problem_of(good_with("\"roja-feed/1\"", "\"roja-feed/2\"")) ==
          "format: expected \"roja-feed/1\"");
    CHECK(problem_of(good_with("\"format\": \"roja-feed/1\",", "")) ==
          "format: missing (expected a string)");
    CHECK(problem_of(good_with("\"akep-al\"", "\"AKEP\"")) ==
          "feed: expected 1 to 64 of [a-z0-9._-]");
    CHECK(problem_of(good_with("\"akep-al\"", "\"" + std::string(65, 'a') + "\"")) ==
          "feed: expected 1 to 64 of [a-z0-9._-]");
    CHECK(problem_of(good_with("\"akep-al\"", "7")) == "feed: expected a string");
    const std::string serial = "serial: expected an integer 0 to 18446744073709551615";
    CHECK(problem_of(good_with("42", "-1")) == serial);
    CHECK(problem_of(good_with("42", "42.0")) == serial);
    CHECK(problem_of(good_with("42", "4e1")) == serial);
    CHECK(problem_of(good_with("42", "\"42\"")) == serial);
    CHECK(problem_of(good_with("42", "18446744073709551616")) == serial);
    CHECK(problem_of(good_with("\"serial\": 42,", "")) == "serial: missing (expected an integer)");
}

TEST_CASE("times must be RFC 3339 UTC and expiry after issue") {
    const std::string expected =
        "issued_at: expected an RFC 3339 UTC time like 2026-11-28T10:00:00Z";
    for (const char* bad : {"2026-11-28T10:00:00", "2026-11-28T10:00:00+01:00",
                            "2026-11-28 10:00:00Z", "2026-11-28t10:00:00z", "2026-02-30T10:00:00Z",
                            "2026-11-28T24:00:00Z", "2026-11-28T10:60:00Z", "2026-11-28T10:00:60Z",
                            "2026-11-28T10:00:00.Z", "2026-1-28T10:00:00Z", "2026-11-28"}) {
        CAPTURE(bad);
        CHECK(problem_of(good_with("2026-11-28T10:00:00Z", bad)) == expected);
    }
    CHECK(problem_of(good_with("2026-12-05T10:00:00Z", "2026-11-28T10:00:00Z")) ==
          "expires_at: expected a time after issued_at");
    CHECK(problem_of(good_with("2026-12-05T10:00:00Z", "2026-11-28T09:00:00Z")) ==
          "expires_at: expected a time after issued_at");
}

TEST_CASE("the list array must hold 1 to 1024 lists with unique ids") {
    CHECK(problem_of(manifest_json("[]")) == "lists: expected 1 to 1024 lists");
    CHECK(problem_of(manifest_json("{}")) == "lists: expected an array of lists");
    CHECK(problem_of(manifest_json("[1]")) == "lists[0]: expected an object");
    std::string many = "[";
    for (int i = 0; i < 1025; ++i) many += (i ? "," : "") + list_json("l" + std::to_string(i));
    CHECK(problem_of(manifest_json(many + "]")) == "lists: expected 1 to 1024 lists");
    CHECK(problem_of(manifest_json("[" + list_json("a") + "," + list_json("a") + "]")) ==
          "lists[1].id: expected a unique list id, \"a\" repeats");
}

TEST_CASE("every list field is checked with its path in the error") {
    CHECK(problem_of(good_with("\"akep-gambling\"", "\"Akep\"")) ==
          "lists[0].id: expected 1 to 64 of [a-z0-9._-]");
    CHECK(problem_of(good_with("\"AKEP\"", "\"\"")) ==
          "lists[0].authority: expected 1 to 256 bytes without control characters");
    CHECK(problem_of(good_with("\"AKEP gambling orders\"", "\"a\\nb\"")) ==
          "lists[0].title: expected at most 1024 bytes without control characters");
    CHECK(problem_of(good_with("\"title\": \"AKEP gambling orders\",", "")) ==
          "lists[0].title: missing (expected a string)");
    CHECK(problem_of(good_with("\"csv\"", "\"hosts\"")) ==
          "lists[0].format: expected \"csv\" or \"plain\"");
    CHECK(problem_of(good_with("12345", "-5")) ==
          "lists[0].size: expected an integer 0 to 18446744073709551615");
    CHECK(problem_of(good_with(kHash, std::string(64, 'A'))) ==
          "lists[0].sha256: expected 64 lower-case hex digits");
    CHECK(problem_of(good_with(kHash, std::string(63, 'a'))) ==
          "lists[0].sha256: expected 64 lower-case hex digits");
    CHECK(problem_of(good_with("\"entries\": 100", "\"entries\": null")) ==
          "lists[0].entries: expected an integer 0 to 18446744073709551615");
}

TEST_CASE("a payload location is one safe relative path or one https URL") {
    const std::string both = R"("path": "a.csv", "url": "https://m.example/a.csv")";
    CHECK(problem_of(manifest_json("[" + list_json("a", both) + "]")) ==
          "lists[0].path: expected exactly one of \"path\" and \"url\"");
    CHECK(problem_of(good_with("\"path\": \"akep-gambling.csv\", ", "")) ==
          "lists[0].path: expected exactly one of \"path\" and \"url\"");
    for (const char* bad : {"../etc/passwd", "a/../../b", "a//b", "./a", "a/", ""}) {
        CAPTURE(bad);
        CHECK(problem_of(good_with("\"akep-gambling.csv\"", "\"" + std::string(bad) + "\""))
                  .starts_with("lists[0].path: expected a relative path"));
    }
    CHECK(problem_of(good_with("\"akep-gambling.csv\"", "\"/etc/passwd\"")) ==
          "lists[0].path: expected a relative path, not one starting with /");
    CHECK(problem_of(good_with("\"akep-gambling.csv\"", "\"a\\\\b\""))
              .starts_with("lists[0].path: expected a relative path of 1 to 255 bytes"));
    CHECK(parse_feed_manifest(good_with("\"akep-gambling.csv\"", "\"2026/akep.csv\"")).has_value());
    for (const char* bad : {"http://m.example/a", "https://", "https:///a", "https://m.example/a b",
                            "ftp://m.example/a"}) {
        CAPTURE(bad);
        const std::string where = "\"url\": \"" + std::string(bad) + "\"";
        CHECK(problem_of(manifest_json("[" + list_json("a", where) + "]")) ==
              "lists[0].url: expected an https:// URL of at most 2048 bytes without spaces");
    }
}

TEST_CASE("a manifest over 4 MiB is refused before parsing") {
    const auto parsed = parse_feed_manifest(std::string(kMaxManifestBytes + 1, ' '));
    REQUIRE_FALSE(parsed.has_value());
    CHECK(parsed.error().error == FeedError::too_large);
    CHECK(feed_error_name(parsed.error().error) == "too_large");
}

TEST_CASE("feed times format back to the form they are parsed from") {
    for (const char* text :
         {"2026-11-28T10:00:00Z", "1970-01-01T00:00:00Z", "2099-12-31T23:59:59Z"}) {
        const auto time = roja::filter::parse_feed_time(text);
        REQUIRE(time.has_value());
        CHECK(roja::filter::format_utc(*time) == text);
    }
}
