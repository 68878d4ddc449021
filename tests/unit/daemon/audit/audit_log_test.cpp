// The audit log's chain: appends continue across reopen, any edit, deletion, reordering or
// truncation is found by check_audit_chain, and a line cut short by a crash is repaired on the
// record.
#include "daemon/audit/audit_log.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "daemon/audit/audit_chain.hpp"
#include "tests/unit/temp_dir.hpp"

namespace fs = std::filesystem;
using roja::audit::AuditLog;
using roja::audit::check_audit_chain;

namespace {

using TempDir = roja::test::TempDir;

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

roja::audit::WallClock fixed_clock() {
    return
        [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1'795'000'000)); };
}

std::string three_records(const TempDir& dir) {
    auto log = AuditLog::open(dir.file("audit.jsonl"), fixed_clock());
    REQUIRE(log.has_value());
    CHECK((*log)->append("daemon_started", {{"version", "test"}}).value() == 1);
    CHECK((*log)->append("feed_applied", {{"serial", 42}}).value() == 2);
    CHECK((*log)->append("daemon_stopped", {}).value() == 3);
    return read(dir.file("audit.jsonl"));
}

}  // namespace

TEST_CASE("records carry seq, time, type, details and the previous record's hash") {
    TempDir dir;
    const std::string text = three_records(dir);
    CHECK(text.starts_with(
        R"({"seq":1,"time":"2026-11-18T11:06:40Z","type":"daemon_started","details":{"version":"test"},"prev":"0000)"));
    const auto check = check_audit_chain(text);
    CHECK_FALSE(check.first_break.has_value());
    CHECK(check.records == 3);
    CHECK(check.last_seq == 3);
}

TEST_CASE("a reopened log continues the chain") {
    TempDir dir;
    three_records(dir);
    auto log = AuditLog::open(dir.file("audit.jsonl"), fixed_clock());
    REQUIRE(log.has_value());
    CHECK((*log)->next_seq() == 4);
    CHECK((*log)->append("daemon_started", {}).value() == 4);
    const auto check = check_audit_chain(read(dir.file("audit.jsonl")));
    CHECK_FALSE(check.first_break.has_value());
    CHECK(check.records == 4);
}

TEST_CASE("an edited, deleted or reordered record breaks the chain at that line") {
    TempDir dir;
    const std::string text = three_records(dir);
    const std::size_t first_end = text.find('\n') + 1;
    const std::size_t second_end = text.find('\n', first_end) + 1;
    const std::string first = text.substr(0, first_end);
    const std::string second = text.substr(first_end, second_end - first_end);
    const std::string third = text.substr(second_end);

    std::string edited = text;
    edited.replace(edited.find("\"serial\":42"), 11, "\"serial\":41");
    auto check = check_audit_chain(edited);
    REQUIRE(check.first_break.has_value());
    CHECK(check.first_break->line == 3);  // the edit shows in the next record's prev
    CHECK(check.first_break->reason.find("prev") != std::string::npos);

    check = check_audit_chain(first + third);
    REQUIRE(check.first_break.has_value());
    CHECK(check.first_break->line == 2);

    check = check_audit_chain(first + third + second);
    REQUIRE(check.first_break.has_value());
    CHECK(check.first_break->line == 2);

    check = check_audit_chain(second + third);  // the head cut off
    REQUIRE(check.first_break.has_value());
    CHECK(check.first_break->line == 1);
}

TEST_CASE("a line cut short by a crash is cut off and the repair is recorded") {
    TempDir dir;
    const std::string text = three_records(dir);
    write(dir.file("audit.jsonl"), text + R"({"seq":4,"time":"2026-)");
    auto log = AuditLog::open(dir.file("audit.jsonl"), fixed_clock());
    REQUIRE(log.has_value());
    const std::string repaired = read(dir.file("audit.jsonl"));
    CHECK(repaired.find(R"("type":"audit_tail_repaired","details":{"dropped_bytes":22,)") !=
          std::string::npos);
    const auto check = check_audit_chain(repaired);
    CHECK_FALSE(check.first_break.has_value());
    CHECK(check.records == 4);
}

TEST_CASE("a log whose last line is not a record is refused, not overwritten") {
    TempDir dir;
    write(dir.file("audit.jsonl"), "this is not json\n");
    CHECK_FALSE(AuditLog::open(dir.file("audit.jsonl"), fixed_clock()).has_value());
    CHECK(read(dir.file("audit.jsonl")) == "this is not json\n");
}

TEST_CASE("a chain continues across files from the previous file's last hash") {
    TempDir dir;
    const std::string text = three_records(dir);
    const std::size_t second_end = text.find('\n', text.find('\n') + 1) + 1;
    const auto head = check_audit_chain(text.substr(0, second_end));
    const auto rest = check_audit_chain(text.substr(second_end), head);
    CHECK_FALSE(rest.first_break.has_value());
    CHECK(rest.last_seq == 3);
    CHECK(check_audit_chain(text.substr(second_end)).first_break.has_value());
}
