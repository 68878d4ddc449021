// The updater's guards as pure functions: serial (rollback, same serial other bytes, a version
// whose store a crash cut short), expiry, payload size and hash.
#include "daemon/feed/feed_candidate.hpp"

#include <doctest/doctest.h>

#include "daemon/crypto/sha256.hpp"

using namespace roja::feed;
namespace crypto = roja::crypto;
using roja::filter::FeedError;

namespace {

VerifiedManifest manifest(std::uint64_t serial, std::string sha = "aa") {
    VerifiedManifest out;
    out.manifest.serial = serial;
    out.sha256 = std::move(sha);
    return out;
}

}  // namespace

TEST_CASE("a serial above the applied and highest ones is newer") {
    CHECK(check_serial(manifest(5), AppliedVersion{4, "bb"}, 4).value() == SerialVerdict::newer);
    CHECK(check_serial(manifest(1), std::nullopt, std::nullopt).value() == SerialVerdict::newer);
}

TEST_CASE("the applied serial with the same bytes is unchanged, with other bytes a rollback") {
    CHECK(check_serial(manifest(4, "bb"), AppliedVersion{4, "bb"}, 4).value() ==
          SerialVerdict::unchanged);
    const auto other = check_serial(manifest(4, "cc"), AppliedVersion{4, "bb"}, 4);
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().error == FeedError::serial_not_newer);
    CHECK(other.error().detail.find("manifest differs") != std::string::npos);
}

TEST_CASE("a lower serial is refused, also across restarts through the persisted highest") {
    const auto lower = check_serial(manifest(3), AppliedVersion{4, "bb"}, 4);
    REQUIRE_FALSE(lower.has_value());
    CHECK(lower.error().error == FeedError::serial_not_newer);
    // Nothing applied (the last good version failed verification) but serial 9 was stored once.
    CHECK_FALSE(check_serial(manifest(8), std::nullopt, 9).has_value());
}

TEST_CASE("the version a crash stopped between raising the serial and switching is taken again") {
    CHECK(check_serial(manifest(5), AppliedVersion{4, "bb"}, 5).value() == SerialVerdict::newer);
}

TEST_CASE("a manifest expires at expires_at") {
    roja::filter::FeedManifest m;
    m.expires_at = std::chrono::sys_seconds(std::chrono::seconds(1000));
    CHECK(check_expiry(m, std::chrono::system_clock::time_point(std::chrono::seconds(999)))
              .has_value());
    const auto expired =
        check_expiry(m, std::chrono::system_clock::time_point(std::chrono::seconds(1000)));
    REQUIRE_FALSE(expired.has_value());
    CHECK(expired.error().error == FeedError::manifest_expired);
    CHECK(expired.error().detail.find("1970-01-01T00:16:40Z") != std::string::npos);
}

TEST_CASE("a payload must have the manifest's size, then its SHA-256") {
    roja::filter::FeedList list;
    list.id = "orders";
    list.size = 4;
    list.sha256 = crypto::sha256_hex("abc\n");
    CHECK(check_payload(list, "abc\n").has_value());
    CHECK(check_payload(list, "abc").error().error == FeedError::payload_size_mismatch);
    CHECK(check_payload(list, "abd\n").error().error == FeedError::payload_hash_mismatch);
}

TEST_CASE("payloads named by URL are stored under url/<list id>") {
    roja::filter::FeedList list;
    list.id = "orders";
    list.url = "https://mirror.example/orders.csv";
    CHECK(stored_payload_path(list) == "url/orders");
    list.url.clear();
    list.path = "lists/orders.csv";
    CHECK(stored_payload_path(list) == "lists/orders.csv");
}
