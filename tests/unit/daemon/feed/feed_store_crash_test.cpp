// kill -9 of a process in the middle of FeedStore::store(), at many random points: what it
// leaves must load, `current` must be one whole version, and the serial must never go down.
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "daemon/feed/feed_store.hpp"

namespace fs = std::filesystem;
using roja::feed::FeedStore;
using roja::feed::FeedVersion;
using roja::feed::StoredFile;

namespace {

FeedVersion numbered_version(std::uint64_t serial) {
    FeedVersion v;
    v.serial = serial;
    v.manifest = "{\"serial\": " + std::to_string(serial) + "}\n";
    v.minisig = "sig " + std::to_string(serial) + "\n";
    // Big enough that a kill often lands inside a payload write.
    v.payloads = {StoredFile{"a.csv", std::string(64 * 1024, static_cast<char>('a' + serial % 26))},
                  StoredFile{"dir/b.txt", "b" + std::to_string(serial) + "\n"}};
    return v;
}

std::uint64_t read_serial_file(const fs::path& path) {
    std::ifstream in(path);
    std::uint64_t serial = 0;
    in >> serial;
    return serial;
}

// The child: store version after version until it is killed.
[[noreturn]] void store_forever(const fs::path& state) {
    FeedStore store(state, "crash");
    if (!store.load()) _exit(3);
    std::uint64_t serial = store.highest_serial().value_or(0);
    for (int i = 0; i < 100000; ++i)
        if (!store.store(numbered_version(++serial))) _exit(4);
    _exit(0);
}

}  // namespace

TEST_CASE(
    "a store killed at random points always restarts on a whole version and a serial that never "
    "went down") {
    char pattern[] = "/tmp/roja-feed-crash-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    const fs::path state = pattern;
    const fs::path serial_file = state / "crash" / "serial";
    std::mt19937 random(20261129);
    std::uint64_t highest_seen = 0;
    for (int round = 0; round < 25; ++round) {
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) store_forever(state);
        // Let it get a random number of versions further, then kill it wherever it is.
        // The serial file at `target` means store(target - 1) finished: that one at least must be
        // current afterwards (the child starts at highest_seen + 1).
        const std::uint64_t target = highest_seen + 2 + random() % 3;
        int status = 0;
        bool is_writer_alive = true;
        while (is_writer_alive && read_serial_file(serial_file) < target) {
            is_writer_alive = waitpid(child, &status, WNOHANG) == 0;
            std::this_thread::yield();
        }
        REQUIRE_MESSAGE(is_writer_alive, "the writer failed: " << status);
        for (unsigned spin = random() % 20000; spin > 0; --spin) std::this_thread::yield();
        kill(child, SIGKILL);
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE_MESSAGE(WIFSIGNALED(status), "the writer stopped by itself: " << status);

        FeedStore store(state, "crash");
        REQUIRE(store.load());
        REQUIRE(store.applied_serial().has_value());
        REQUIRE(store.highest_serial().has_value());
        CHECK(*store.highest_serial() >= highest_seen);
        CHECK(*store.applied_serial() >= target - 1);
        CHECK(*store.highest_serial() >= *store.applied_serial());
        const auto last = store.last_good();
        REQUIRE(last.has_value());
        REQUIRE(last->has_value());
        const FeedVersion expected = numbered_version(*store.applied_serial());
        CHECK((*last)->manifest == expected.manifest);
        CHECK((*last)->minisig == expected.minisig);
        REQUIRE((*last)->payloads.size() == 2);
        CHECK((*last)->payloads[0].bytes == expected.payloads[0].bytes);
        CHECK((*last)->payloads[1].bytes == expected.payloads[1].bytes);
        highest_seen = *store.highest_serial();
    }
    fs::remove_all(state);
}
