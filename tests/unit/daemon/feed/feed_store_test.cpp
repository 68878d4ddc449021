// The feed's state directory: round trip, the serial that never goes down, the leftovers of a
// crash at each step of store(), and the two versions kept.
#include "daemon/feed/feed_store.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace fs = std::filesystem;
using roja::feed::FeedStore;
using roja::feed::FeedVersion;
using roja::feed::StoredFile;

namespace {

class TempDir {
  public:
    TempDir() {
        char pattern[] = "/tmp/roja-feed-store-XXXXXX";
        const char* made = mkdtemp(pattern);
        REQUIRE(made != nullptr);
        path_ = made;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

FeedVersion version(std::uint64_t serial) {
    FeedVersion v;
    v.serial = serial;
    v.manifest = R"({"feed": "akep-al", "serial": )" + std::to_string(serial) + "}\n";
    v.minisig = "untrusted comment: sig " + std::to_string(serial) + "\n";
    v.payloads = {StoredFile{"gambling.csv",
                             "id,type,value\n1,domain,bet" + std::to_string(serial) + ".example\n"},
                  StoredFile{"lists/phishing.txt", "phish.example\n"}};
    return v;
}

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

FeedStore loaded(const fs::path& state) {
    FeedStore store(state, "akep-al");
    REQUIRE(store.load());
    return store;
}

void require_current(const FeedStore& store, std::uint64_t serial) {
    const auto last = store.last_good();
    REQUIRE(last.has_value());
    REQUIRE(last->has_value());
    CHECK((*last)->serial == serial);
    CHECK((*last)->manifest == version(serial).manifest);
}

}  // namespace

TEST_CASE("an empty state directory has no last good version and no serial") {
    TempDir dir;
    const FeedStore store = loaded(dir.path());
    const auto last = store.last_good();
    REQUIRE(last.has_value());
    CHECK_FALSE(last->has_value());
    CHECK_FALSE(store.highest_serial().has_value());
    CHECK(fs::is_directory(dir.path() / "akep-al"));
}

TEST_CASE("a stored version reads back byte for byte, also after a restart") {
    TempDir dir;
    const FeedVersion stored = version(42);
    {
        FeedStore store = loaded(dir.path());
        REQUIRE(store.store(stored));
        CHECK(store.applied_serial() == 42u);
    }
    const FeedStore restarted = loaded(dir.path());
    const auto last = restarted.last_good();
    REQUIRE(last.has_value());
    REQUIRE(last->has_value());
    const FeedVersion& got = **last;
    CHECK(got.serial == 42u);
    CHECK(got.manifest == stored.manifest);
    CHECK(got.minisig == stored.minisig);
    CHECK_FALSE(got.p7s.has_value());
    REQUIRE(got.payloads.size() == 2);
    CHECK(got.payloads[0].path == "gambling.csv");
    CHECK(got.payloads[0].bytes == stored.payloads[0].bytes);
    CHECK(got.payloads[1].path == "lists/phishing.txt");
    CHECK(got.payloads[1].bytes == "phish.example\n");
    // The current version is itself a feed directory.
    CHECK(read(restarted.current_directory() / "manifest.json") == stored.manifest);
    CHECK(read(restarted.current_directory() / "lists/phishing.txt") == "phish.example\n");
}

TEST_CASE("the serial is persisted and a lower or equal serial is refused") {
    TempDir dir;
    {
        FeedStore store = loaded(dir.path());
        REQUIRE(store.store(version(10)));
        REQUIRE(store.store(version(11)));
        CHECK_FALSE(store.store(version(11)));
        CHECK_FALSE(store.store(version(9)));
    }
    CHECK(read(dir.path() / "akep-al" / "serial") == "11\n");
    FeedStore restarted = loaded(dir.path());
    CHECK(restarted.highest_serial() == 11u);
    CHECK_FALSE(restarted.store(version(5)));
    require_current(restarted, 11);
}

TEST_CASE("a serial raised before a crash is kept even though its version never became current") {
    TempDir dir;
    {
        FeedStore store = loaded(dir.path());
        REQUIRE(store.store(version(10)));
    }
    // Crash right after step 1 of store(12): serial written, version not.
    write(dir.path() / "akep-al" / "serial", "12\n");
    FeedStore restarted = loaded(dir.path());
    CHECK(restarted.highest_serial() == 12u);
    CHECK(restarted.applied_serial() == 10u);
    require_current(restarted, 10);
    CHECK_FALSE(restarted.store(version(11)));
    REQUIRE(restarted.store(version(12)));  // the interrupted version itself may still be applied
    require_current(restarted, 12);
}

TEST_CASE("the leftovers of a crash in the middle of a store are ignored and cleaned") {
    TempDir dir;
    const fs::path feed = dir.path() / "akep-al";
    {
        FeedStore store = loaded(dir.path());
        REQUIRE(store.store(version(7)));
    }
    // A half-written version, a dangling new symlink, a half-written serial, and a complete
    // version renamed into place whose switch never happened.
    write(feed / "v8.tmp" / "manifest.json", "{\"half");
    fs::create_symlink("v8", feed / "current.tmp");
    write(feed / "serial.tmp", "9");
    write(feed / "v9" / "manifest.json", version(9).manifest);
    FeedStore restarted = loaded(dir.path());
    require_current(restarted, 7);
    CHECK_FALSE(fs::exists(feed / "v8.tmp"));
    CHECK_FALSE(fs::is_symlink(feed / "current.tmp"));
    CHECK_FALSE(fs::exists(feed / "serial.tmp"));
    CHECK_FALSE(fs::exists(feed / "v9"));
    REQUIRE(restarted.store(version(8)));
    require_current(restarted, 8);
}

TEST_CASE("a dangling current symlink counts as no version, and the serial still holds") {
    TempDir dir;
    const fs::path feed = dir.path() / "akep-al";
    fs::create_directories(feed);
    fs::create_symlink("v3", feed / "current");
    write(feed / "serial", "3\n");
    FeedStore store = loaded(dir.path());
    const auto last = store.last_good();
    REQUIRE(last.has_value());
    CHECK_FALSE(last->has_value());
    CHECK(store.highest_serial() == 3u);
    CHECK_FALSE(store.store(version(2)));
    REQUIRE(store.store(version(4)));
    require_current(store, 4);
}

TEST_CASE("the current and the previous version are kept, older ones removed") {
    TempDir dir;
    const fs::path feed = dir.path() / "akep-al";
    FeedStore store = loaded(dir.path());
    for (std::uint64_t serial = 1; serial <= 5; ++serial) REQUIRE(store.store(version(serial)));
    CHECK(fs::is_directory(feed / "v5"));
    CHECK(fs::is_directory(feed / "v4"));
    CHECK_FALSE(fs::exists(feed / "v3"));
    CHECK_FALSE(fs::exists(feed / "v1"));
    CHECK(fs::read_symlink(feed / "current") == "v5");
    require_current(store, 5);
}

TEST_CASE(
    "a payload path that could leave the version directory or replace the manifest is refused") {
    TempDir dir;
    FeedStore store = loaded(dir.path());
    for (const char* path : {"../evil", "/etc/passwd", "a//b", "a/./b", "", "manifest.json",
                             "manifest.json.minisig", "back\\slash"}) {
        FeedVersion v = version(1);
        v.payloads.push_back(StoredFile{path, "x"});
        CHECK_MESSAGE(!store.store(v), path);
    }
    CHECK_FALSE(store.applied_serial().has_value());
    CHECK_FALSE(fs::exists(dir.path() / "evil"));
}

TEST_CASE("a feed id that is not a plain directory name is refused at construction") {
    TempDir dir;
    CHECK_THROWS_AS(FeedStore(dir.path(), ".."), std::invalid_argument);
    CHECK_THROWS_AS(FeedStore(dir.path(), "a/b"), std::invalid_argument);
    CHECK_THROWS_AS(FeedStore(dir.path(), ""), std::invalid_argument);
    CHECK_NOTHROW(FeedStore(dir.path(), "akep-al.2"));
}

TEST_CASE("a corrupt serial file stops the feed from loading rather than lowering the serial") {
    TempDir dir;
    write(dir.path() / "akep-al" / "serial", "twelve\n");
    FeedStore store(dir.path(), "akep-al");
    CHECK_FALSE(store.load());
}
