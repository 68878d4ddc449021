#include "daemon/ctl/feed_build.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/crypto/sha256.hpp"
#include "daemon/ctl/feed_files.hpp"
#include "daemon/ctl/feed_manifest_json.hpp"
#include "daemon/ctl/feed_sign.hpp"
#include "daemon/ctl/text_file.hpp"
#include "filter/feed_manifest.hpp"
#include "filter/utc_time.hpp"

using namespace roja::ctl;
using roja::crypto::sha256_hex;
namespace crypto = roja::crypto;
namespace filter = roja::filter;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kCsv =
    "id,type,value,authority,decision\n"
    "1,domain,casino.example,AKEP,D-1\n"
    "2,exact,www.bet.example,AKEP,D-2\n"
    "3,ip,192.0.2.7,AKEP,D-3\n";
constexpr std::string_view kPlain = "# phishing\nphish.example\nlogin-bank.example\n";
// 2026-11-28T10:00:00Z
constexpr std::chrono::sys_seconds kNow{std::chrono::seconds(1795860000)};

struct TempDir {
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "roja-feed-build-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(std::string_view name, std::string_view content) const {
        const std::string p = (path / name).string();
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    fs::path path;
};

std::optional<FeedBuildArgs> parse(std::vector<std::string_view> args,
                                   std::string* errors = nullptr) {
    std::ostringstream err;
    auto parsed = parse_feed_build_args(args, err);
    if (errors != nullptr) *errors = err.str();
    return parsed;
}

FeedBuildArgs two_lists(const TempDir& tmp) {
    FeedBuildArgs args;
    args.dir = (tmp.path / "feed").string();
    args.feed = "akep-al";
    args.lists.push_back(
        {"akep-gambling", "csv", "AKEP", "AKEP gambling orders", tmp.file("gambling.csv", kCsv)});
    args.lists.push_back({"phishing", "plain", "CERT", "", tmp.file("phish.txt", kPlain)});
    return args;
}

int build(const FeedBuildArgs& args, std::string* errors = nullptr) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = build_feed(args, kNow, out, err);
    if (errors != nullptr) *errors = err.str();
    return code;
}

std::string manifest_of(const FeedBuildArgs& args) {
    auto text = read_text_file(args.dir + "/manifest.json");
    REQUIRE(text);
    return *text;
}

}  // namespace

TEST_CASE("the manifest is written with a fixed key order and two-space indent") {
    FeedManifestDraft draft{"akep-al", 42, kNow, kNow + std::chrono::days(7), {}};
    draft.lists.push_back({"akep-gambling", "AKEP", "Bast \"ë\"", "csv", "akep-gambling.csv", 12345,
                           std::string(64, 'a'), 100});
    CHECK(render_feed_manifest(draft) ==
          "{\n"
          "  \"format\": \"roja-feed/1\",\n"
          "  \"feed\": \"akep-al\",\n"
          "  \"serial\": 42,\n"
          "  \"issued_at\": \"2026-11-28T10:00:00Z\",\n"
          "  \"expires_at\": \"2026-12-05T10:00:00Z\",\n"
          "  \"lists\": [\n"
          "    {\n"
          "      \"id\": \"akep-gambling\",\n"
          "      \"authority\": \"AKEP\",\n"
          "      \"title\": \"Bast \\\"ë\\\"\",\n"
          "      \"format\": \"csv\",\n"
          "      \"path\": \"akep-gambling.csv\",\n"
          "      \"size\": 12345,\n"
          "      \"sha256\": \"" +
              std::string(64, 'a') +
              "\",\n"
              "      \"entries\": 100\n"
              "    }\n"
              "  ]\n"
              "}\n");
    const auto header = read_feed_manifest_header(render_feed_manifest(draft));
    REQUIRE(header);
    CHECK(header->feed == "akep-al");
    CHECK(header->serial == 42);
}

TEST_CASE("a manifest header needs a string feed and an unsigned serial") {
    CHECK_FALSE(read_feed_manifest_header("not json"));
    CHECK_FALSE(read_feed_manifest_header("{\"feed\": \"a\", \"serial\": -1}"));
    CHECK_FALSE(read_feed_manifest_header("{\"feed\": 1, \"serial\": 1}"));
    CHECK(
        read_feed_manifest_header("{\"feed\": \"a\", \"serial\": 18446744073709551615}")->serial ==
        18446744073709551615ULL);
}

TEST_CASE("feed times are RFC 3339 UTC and ids are [a-z0-9._-]{1,64}") {
    CHECK(filter::format_utc(std::chrono::sys_seconds{}) == "1970-01-01T00:00:00Z");
    CHECK(is_feed_id("akep-al.v2_x"));
    CHECK_FALSE(is_feed_id(""));
    CHECK_FALSE(is_feed_id("AKEP"));
    CHECK_FALSE(is_feed_id("a/b"));
    CHECK_FALSE(is_feed_id(std::string(65, 'a')));
}

TEST_CASE("the serial goes up by one, or to a requested higher value, never down") {
    std::ostringstream err;
    CHECK(next_feed_serial(std::nullopt, std::nullopt, err) == 1);
    CHECK(next_feed_serial(41, std::nullopt, err) == 42);
    CHECK(next_feed_serial(41, 100, err) == 100);
    CHECK(next_feed_serial(std::nullopt, 7, err) == 7);
    CHECK_FALSE(next_feed_serial(41, 41, err));
    CHECK_FALSE(next_feed_serial(41, 3, err));
    CHECK_FALSE(next_feed_serial(18446744073709551615ULL, std::nullopt, err));
}

TEST_CASE("build arguments: a title belongs to the list before it and the file may hold colons") {
    const auto args =
        parse({"out", "--feed", "akep-al", "--list", "a:csv:AKEP:/tmp/x:y.csv", "--title",
               "Gambling", "--list", "b:plain:CERT:b.txt", "--valid-days", "3", "--serial", "9"});
    REQUIRE(args);
    CHECK(args->dir == "out");
    REQUIRE(args->lists.size() == 2);
    CHECK(args->lists[0].file == "/tmp/x:y.csv");
    CHECK(args->lists[0].title == "Gambling");
    CHECK(args->lists[1].title.empty());
    CHECK(args->valid_days == 3);
    CHECK(args->serial == 9);
}

TEST_CASE("build arguments that cannot make a valid manifest are refused") {
    std::string errors;
    CHECK_FALSE(parse({"out", "--feed", "akep-al"}));
    CHECK_FALSE(parse({"out", "--list", "a:csv:AKEP:x.csv"}));
    CHECK_FALSE(parse({"out", "--feed", "AKEP", "--list", "a:csv:AKEP:x.csv"}));
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:rpz:AKEP:x.rpz"}, &errors));
    CHECK(errors.find("csv or plain") != std::string::npos);
    CHECK_FALSE(
        parse({"out", "--feed", "f", "--list", "a:csv:AKEP:x", "--list", "a:csv:AKEP:y"}, &errors));
    CHECK(errors.find("unique") != std::string::npos);
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:csv::x.csv"}));
    CHECK_FALSE(parse({"out", "--feed", "f", "--title", "T", "--list", "a:csv:A:x.csv"}));
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:csv:A:x.csv", "--valid-days", "0"}));
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:csv:A:x.csv", "--serial", "-1"}));
    CHECK_FALSE(parse({"out", "other", "--feed", "f", "--list", "a:csv:A:x.csv"}));
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:csv:A:x.csv", "--bogus", "1"}));
}

TEST_CASE("a build copies the payloads and records their size, SHA-256 and entry count") {
    TempDir tmp;
    const auto args = two_lists(tmp);
    REQUIRE(build(args) == 0);
    const std::string manifest = manifest_of(args);
    CHECK(manifest.find("\"serial\": 1,") != std::string::npos);
    CHECK(manifest.find("\"expires_at\": \"2026-12-05T10:00:00Z\"") != std::string::npos);
    CHECK(manifest.find(
              "\"path\": \"akep-gambling.csv\",\n      \"size\": " + std::to_string(kCsv.size()) +
              ",\n      \"sha256\": \"" + crypto::sha256_hex(kCsv) +
              "\",\n      \"entries\": 3\n") != std::string::npos);
    CHECK(manifest.find(
              "\"path\": \"phishing.txt\",\n      \"size\": " + std::to_string(kPlain.size()) +
              ",\n      \"sha256\": \"" + crypto::sha256_hex(kPlain) +
              "\",\n      \"entries\": 2\n") != std::string::npos);
    CHECK(read_text_file(args.dir + "/akep-gambling.csv").value() == kCsv);
    CHECK(read_text_file(args.dir + "/phishing.txt").value() == kPlain);
}

TEST_CASE("each build of a feed directory takes the next serial and drops the stale signature") {
    TempDir tmp;
    auto args = two_lists(tmp);
    REQUIRE(build(args) == 0);
    tmp.file("feed/manifest.json.minisig", "old signature\n");
    REQUIRE(build(args) == 0);
    CHECK(read_feed_manifest_header(manifest_of(args))->serial == 2);
    CHECK_FALSE(fs::exists(args.dir + "/manifest.json.minisig"));
    args.serial = 2;
    std::string errors;
    CHECK(build(args, &errors) == 1);
    CHECK(errors.find("not above") != std::string::npos);
    args.serial = 10;
    REQUIRE(build(args) == 0);
    CHECK(read_feed_manifest_header(manifest_of(args))->serial == 10);
}

TEST_CASE("a list the parser cannot use as a whole leaves the feed as it was") {
    TempDir tmp;
    auto args = two_lists(tmp);
    REQUIRE(build(args) == 0);
    const std::string before = manifest_of(args);
    args.lists[0].file = tmp.file("broken.csv", "name,reason\ncasino.example,gambling\n");
    std::string errors;
    CHECK(build(args, &errors) == 1);
    CHECK(errors.find("not a usable csv list") != std::string::npos);
    CHECK(manifest_of(args) == before);
}

TEST_CASE("a directory holding another feed or a damaged manifest is not overwritten") {
    TempDir tmp;
    auto args = two_lists(tmp);
    REQUIRE(build(args) == 0);
    args.feed = "other-feed";
    std::string errors;
    CHECK(build(args, &errors) == 1);
    CHECK(errors.find("holds feed 'akep-al'") != std::string::npos);
    tmp.file("feed/manifest.json", "{\"feed\": ");
    args.feed = "akep-al";
    CHECK(build(args, &errors) == 1);
    CHECK(errors.find("not a feed manifest") != std::string::npos);
}

TEST_CASE("the default trusted comment names the feed, serial, time and file") {
    CHECK(default_feed_trusted_comment("akep-al", 42, kNow) ==
          "roja-feed akep-al serial 42 timestamp:1795860000 file:manifest.json");
}

TEST_CASE("a title that is not UTF-8 or holds control characters is refused before writing") {
    TempDir tmp;
    auto args = two_lists(tmp);
    args.lists[0].title = "bad \xff byte";
    std::string errors;
    CHECK(build(args, &errors) == 1);
    CHECK(errors.find("would be refused") != std::string::npos);
    CHECK_FALSE(fs::exists(args.dir + "/manifest.json"));
    CHECK_FALSE(parse({"out", "--feed", "f", "--list", "a:csv:A:x.csv", "--title", "tab\there"}));
}

TEST_CASE("a built manifest passes the subscriber's strict parser with the same values") {
    TempDir tmp;
    const auto args = two_lists(tmp);
    REQUIRE(build(args) == 0);
    const auto parsed = roja::filter::parse_feed_manifest(manifest_of(args));
    REQUIRE(parsed.has_value());
    CHECK(parsed->feed == "akep-al");
    CHECK(parsed->serial == 1);
    CHECK(parsed->issued_at == kNow);
    CHECK(parsed->expires_at == kNow + std::chrono::days(7));
    REQUIRE(parsed->lists.size() == 2);
    CHECK(parsed->lists[0].format == roja::filter::FeedListFormat::csv);
    CHECK(parsed->lists[0].path == "akep-gambling.csv");
    CHECK(parsed->lists[0].entries == 3);
    CHECK(parsed->lists[1].format == roja::filter::FeedListFormat::plain);
    CHECK(parsed->lists[1].sha256 == crypto::sha256_hex(kPlain));
}
