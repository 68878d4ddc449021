// Rotation continues the chain across files and across restarts; signed checkpoints sign the
// record before them and verify with the node's public key; the verifier names the first bad
// record across files.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "daemon/audit/audit_files.hpp"
#include "daemon/audit/audit_log.hpp"
#include "daemon/audit/audit_verify.hpp"
#include "daemon/audit/checkpoint_key.hpp"

namespace fs = std::filesystem;
using namespace roja::audit;

namespace {

struct Dir {
    fs::path path;
    Dir() {
        char pattern[] = "/tmp/roja-audit-rot-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~Dir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<AuditFileText> chain_files(const fs::path& current) {
    std::vector<AuditFileText> files;
    for (const auto& file : audit_files(current))
        files.push_back({file.path.filename().string(), read(file.path)});
    return files;
}

// A fixed Ed25519 key pair (openssl genpkey -algorithm ed25519; openssl pkey -pubout).
constexpr const char* kPrivatePem =
    "-----BEGIN PRIVATE "
    "KEY-----\nMC4CAQAwBQYDK2VwBCIEIEhPh7HzXw6rbsXx9n5sXbkJ1Ce7Ql0h1oB4a3xFbk4m\n-----END PRIVATE "
    "KEY-----\n";

}  // namespace

TEST_CASE("a full file is rotated and the chain goes on in the next one, also after a restart") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    AuditOptions options;
    options.rotate_bytes = 400;
    {
        auto log = AuditLog::open(current, {}, options);
        REQUIRE(log.has_value());
        for (int i = 0; i < 10; ++i) REQUIRE((*log)->append("test_record", {{"i", i}}).has_value());
    }
    CHECK(audit_files(current).size() > 2);
    {
        auto log = AuditLog::open(current, {}, options);  // a restart right after a rotation
        REQUIRE(log.has_value());
        CHECK((*log)->next_seq() == 11);
        REQUIRE((*log)->append("test_record", {{"i", 10}}).has_value());
    }
    const auto files = chain_files(current);
    CHECK(files.front().name == "audit-000000000001.jsonl");
    const auto result = verify_audit_files(files, nullptr);
    CHECK_FALSE(result.failure.has_value());
    CHECK(result.records == 11);
    CHECK(result.last_seq == 11);
}

TEST_CASE(
    "an empty current file after a crash between rename and create continues the rotated chain") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    {
        auto log = AuditLog::open(current);
        REQUIRE(log.has_value());
        for (int i = 0; i < 3; ++i) REQUIRE((*log)->append("test_record", {}).has_value());
    }
    fs::rename(current, rotated_name(current, 1));
    auto log = AuditLog::open(current);
    REQUIRE(log.has_value());
    CHECK((*log)->append("test_record", {}).value() == 4);
    CHECK_FALSE(verify_audit_files(chain_files(current), nullptr).failure.has_value());
}

TEST_CASE("a record deleted from a rotated file is named with its file and line") {
    Dir dir;
    const fs::path current = dir.path / "audit.jsonl";
    AuditOptions options;
    options.rotate_bytes = 400;
    {
        auto log = AuditLog::open(current, {}, options);
        REQUIRE(log.has_value());
        for (int i = 0; i < 10; ++i) REQUIRE((*log)->append("test_record", {{"i", i}}).has_value());
    }
    auto files = chain_files(current);
    std::string& second = files[1].text;
    second.erase(0, second.find('\n') + 1);  // drop the second file's first record
    const auto result = verify_audit_files(files, nullptr);
    REQUIRE(result.failure.has_value());
    CHECK(result.failure->starts_with(files[1].name + ":1: "));
}

TEST_CASE("checkpoints sign the record before them and verify with the public key only") {
    Dir dir;
    std::ofstream(dir.path / "node.key") << kPrivatePem;
    auto signer = CheckpointSigner::load(dir.path / "node.key");
    REQUIRE(signer.has_value());
    const std::string pem = (*signer)->public_key_pem();
    AuditOptions options;
    options.signer = std::move(*signer);
    options.checkpoint_records = 3;
    const fs::path current = dir.path / "audit.jsonl";
    {
        auto log = AuditLog::open(current, {}, options);
        REQUIRE(log.has_value());
        for (int i = 0; i < 7; ++i) REQUIRE((*log)->append("test_record", {{"i", i}}).has_value());
    }
    REQUIRE(pem.find("PUBLIC KEY") != std::string::npos);
    auto key = CheckpointVerifier::load(pem);
    REQUIRE(key.has_value());
    auto files = chain_files(current);
    const auto good = verify_audit_files(files, key->get());
    CHECK_FALSE(good.failure.has_value());
    CHECK(good.checkpoints == 2);
    CHECK(good.checkpoints_verified == 2);
    CHECK(good.records == 9);

    // A forged checkpoint: the chain still holds (prev and seq re-computed would be needed), but
    // the signature does not.
    std::string& text = files[0].text;
    const std::size_t at = text.find("\"signature\":\"") + 13;
    text[at] = text[at] == 'A' ? 'B' : 'A';
    const auto forged = verify_audit_files(files, key->get());
    REQUIRE(forged.failure.has_value());
}
