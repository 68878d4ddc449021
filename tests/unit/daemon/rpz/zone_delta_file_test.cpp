#include <doctest/doctest.h>

#include <fstream>

#include "daemon/rpz/zone_delta_file.hpp"
#include "tests/unit/temp_dir.hpp"

namespace roja::rpz {

TEST_CASE("kept differences read back as written, and a damaged file reads as none") {
    roja::test::TempDir dir;
    const auto file = dir.path() / "rpz" / "akep.rpz.roja.ixfr";
    auto delta = std::make_shared<ZoneDelta>();
    delta->from_serial = 5;
    delta->to_serial = 7;
    delta->removed = {{"casino.example", RpzTarget::nxdomain, false}};
    delta->added = {{"*.poker.example", RpzTarget::passthru, false},
                    {"24.0.2.0.192.rpz-ip", RpzTarget::nodata, true}};
    REQUIRE(save_deltas(file, {delta}));
    const auto loaded = load_deltas(file);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].from_serial == 5);
    CHECK(loaded[0].to_serial == 7);
    REQUIRE(loaded[0].added.size() == 2);
    CHECK(loaded[0].added[1].owner == "24.0.2.0.192.rpz-ip");
    CHECK(loaded[0].added[1].target == RpzTarget::nodata);
    CHECK(loaded[0].added[1].is_ip);
    CHECK(loaded[0].removed[0].owner == "casino.example");

    std::ofstream(file, std::ios::app) << "+ broken\n";
    CHECK(load_deltas(file).empty());
    CHECK(load_deltas(dir.path() / "missing.ixfr").empty());
}

}  // namespace roja::rpz
