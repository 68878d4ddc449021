// Reading the chain after a sequence number, across rotated files: pages never skip or repeat.
#include "daemon/audit/audit_files.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

struct Dir {
    fs::path path;
    Dir() {
        char pattern[] = "/tmp/roja-audit-files-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~Dir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

std::string record(std::uint64_t seq) {
    return "{\"seq\":" + std::to_string(seq) +
           ",\"time\":\"t\",\"type\":\"x\",\"details\":{},\"prev\":\"p\"}";
}

void write_records(const fs::path& path, std::uint64_t from, std::uint64_t to) {
    std::ofstream out(path, std::ios::binary);
    for (std::uint64_t seq = from; seq <= to; ++seq) out << record(seq) << '\n';
}

}  // namespace

TEST_CASE("rotated files are found in chain order before the current one") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    write_records(roja::audit::rotated_name(current, 11), 11, 20);
    write_records(roja::audit::rotated_name(current, 1), 1, 10);
    write_records(current, 21, 25);
    const auto files = roja::audit::audit_files(current);
    REQUIRE(files.size() == 3);
    CHECK(files[0].path.filename() == "audit-000000000001.jsonl");
    CHECK(files[1].first_seq == 11);
    CHECK(files[2].path == current);
}

TEST_CASE("pages of records after SEQ cover the chain once, across files") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    write_records(roja::audit::rotated_name(current, 1), 1, 10);
    write_records(roja::audit::rotated_name(current, 11), 11, 20);
    write_records(current, 21, 25);
    std::uint64_t after = 0;
    std::vector<std::uint64_t> seen;
    for (int pages = 0; pages < 20; ++pages) {
        const auto page = roja::audit::read_audit_after(current, after, 7);
        REQUIRE(page.has_value());
        for (std::size_t i = 0; i < page->lines.size(); ++i) seen.push_back(after + 1 + i);
        for (std::size_t i = 0; i < page->lines.size(); ++i)
            CHECK(page->lines[i] == record(after + 1 + i));
        after = page->last_seq;
        if (!page->has_more) break;
    }
    CHECK(seen.size() == 25);
    CHECK(after == 25);
    const auto tail = roja::audit::read_audit_after(current, 25, 7);
    REQUIRE(tail.has_value());
    CHECK(tail->lines.empty());
    CHECK(tail->last_seq == 25);
}

TEST_CASE("a last line without its line end is not returned yet") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    write_records(current, 1, 2);
    std::ofstream(current, std::ios::app) << record(3);
    const auto page = roja::audit::read_audit_after(current, 0, 100);
    REQUIRE(page.has_value());
    CHECK(page->lines.size() == 2);
}
