#include "daemon/rpz/zone_serials.hpp"

#include <doctest/doctest.h>

#include "tests/unit/temp_dir.hpp"

using roja::rpz::ZoneSerials;

TEST_CASE("a list zone's serial rises by one with each new content and survives a restart") {
    roja::test::TempDir dir;
    const auto directory = dir.path() / "rpz";
    bool persisted = false;
    {
        ZoneSerials serials(directory);
        CHECK(serials.serial_for("lists.rpz", 0xaa, persisted) == 1);
        CHECK(persisted);
        CHECK(serials.serial_for("lists.rpz", 0xaa, persisted) == 1);
        CHECK(serials.serial_for("lists.rpz", 0xbb, persisted) == 2);
    }
    ZoneSerials restarted(directory);
    CHECK(restarted.serial_for("lists.rpz", 0xbb, persisted) == 2);
    CHECK(restarted.serial_for("lists.rpz", 0xaa, persisted) == 3);  // old content, new serial
}

TEST_CASE(
    "a feed zone follows the feed's serial, and moves ahead when its content changes under "
    "one feed serial") {
    roja::test::TempDir dir;
    const auto directory = dir.path() / "rpz";
    ZoneSerials serials(directory);
    bool persisted = false;
    CHECK(serials.serial_for("feed.rpz", 0x1, persisted, 2026120701u) == 2026120701u);
    CHECK(serials.serial_for("feed.rpz", 0x2, persisted, 2026120705u) == 2026120705u);
    // The never-block guard changed on a reload: same feed serial, other content.
    CHECK(serials.serial_for("feed.rpz", 0x3, persisted, 2026120705u) == 2026120706u);
    // A feed moving by one stays behind the zone: the zone keeps moving by one.
    CHECK(serials.serial_for("feed.rpz", 0x4, persisted, 2026120706u) == 2026120707u);
    // A feed that jumps ahead is followed again.
    CHECK(serials.serial_for("feed.rpz", 0x5, persisted, 2026120800u) == 2026120800u);
    CHECK(serials.serial_for("feed.rpz", 0x5, persisted, 2026120800u) == 2026120800u);
}

TEST_CASE("a feed serial past 2^32 wraps, and RFC 1982 still sees it as newer") {
    ZoneSerials serials({});
    bool persisted = false;
    CHECK(serials.serial_for("feed.rpz", 0x1, persisted, 0xfffffffeu) == 0xfffffffeu);
    CHECK(serials.serial_for("feed.rpz", 0x2, persisted, 3u) == 3u);
}
