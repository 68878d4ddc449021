// A page of a node's audit log is taken only when it continues what the hub holds: the page's
// first line must be the stored last record, the rest must chain on, and a checkpoint must
// verify with the node's key.
#include "daemon/hub/audit_intake.hpp"

#include <doctest/doctest.h>

#include "daemon/crypto/sha256.hpp"

using namespace roja;
using hub::NodeTail;

namespace {

// A chain of `count` records as a node writes it; record 2 names a feed version.
std::vector<std::string> chain(std::size_t count, std::string_view first_type = "daemon_started") {
    std::vector<std::string> lines;
    std::string prev(audit::kGenesisHash);
    for (std::size_t seq = 1; seq <= count; ++seq) {
        const std::string type = seq == 1   ? std::string(first_type)
                                 : seq == 2 ? "feed_applied"
                                            : "config_reloaded";
        const std::string details =
            seq == 2 ? R"({"feed":"akep-al","serial":7,"issued_at":"2026-12-01T10:00:00Z"})" : "{}";
        lines.push_back("{\"seq\":" + std::to_string(seq) +
                        ",\"time\":\"2026-12-01T10:00:00Z\",\"type\":\"" + type +
                        "\",\"details\":" + details + ",\"prev\":\"" + prev + "\"}");
        prev = crypto::sha256_hex(lines.back());
    }
    return lines;
}

std::string page(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
    std::string text;
    for (std::size_t i = from; i < to; ++i) text += lines[i] + "\n";
    return text;
}

NodeTail tail_at(const std::vector<std::string>& lines, std::size_t seq) {
    return NodeTail{seq, crypto::sha256_hex(lines[seq - 1])};
}

}  // namespace

TEST_CASE("the first page is taken from genesis and names the feed versions it mentions") {
    const auto lines = chain(4);
    const auto taken = hub::take_audit_page(page(lines, 0, 4), NodeTail{}, nullptr);
    REQUIRE_FALSE(taken.broken);
    CHECK(taken.records.size() == 4);
    CHECK(taken.last_seq == 4);
    CHECK(taken.records[3].hash == crypto::sha256_hex(lines[3]));
    REQUIRE(taken.versions.size() == 1);
    CHECK(taken.versions[0].feed == "akep-al");
    CHECK(taken.versions[0].serial == 7);
    CHECK(taken.versions[0].issued_at == "2026-12-01T10:00:00Z");
    CHECK(hub::page_after(NodeTail{}) == 0);
}

TEST_CASE("a later page starts with the stored last record and continues the chain") {
    const auto lines = chain(6);
    const NodeTail tail = tail_at(lines, 3);
    CHECK(hub::page_after(tail) == 2);
    const auto taken = hub::take_audit_page(page(lines, 2, 6), tail, nullptr);
    REQUIRE_FALSE(taken.broken);
    CHECK(taken.records.size() == 3);  // seq 4..6; the tail's own record is not new
    CHECK(taken.records.front().seq == 4);
    CHECK(taken.last_seq == 6);
    // Nothing new: the page is the tail alone.
    const auto same = hub::take_audit_page(page(lines, 5, 6), tail_at(lines, 6), nullptr);
    REQUIRE_FALSE(same.broken);
    CHECK(same.records.empty());
    CHECK(same.last_seq == 6);
}

TEST_CASE("a rewritten history, a truncated log and a broken link are refused whole") {
    const auto lines = chain(6);
    const auto rewritten = chain(6, "daemon_started_edited");
    const auto changed = hub::take_audit_page(page(rewritten, 2, 6), tail_at(lines, 3), nullptr);
    REQUIRE(changed.broken);
    CHECK(changed.broken->find("rewritten") != std::string::npos);
    CHECK(changed.records.empty());
    const auto truncated = hub::take_audit_page("", tail_at(lines, 3), nullptr);
    REQUIRE(truncated.broken);
    CHECK(truncated.broken->find("truncated or replaced") != std::string::npos);
    auto gap = page(lines, 2, 4) + lines[5] + "\n";  // record 5 left out
    const auto skipped = hub::take_audit_page(gap, tail_at(lines, 3), nullptr);
    REQUIRE(skipped.broken);
    CHECK(skipped.broken->find("record 5") != std::string::npos);
    CHECK(skipped.records.empty());
}
