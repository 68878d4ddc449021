// Hosts files of local names: the address is the answer, every name of a line is kept, bad
// lines are reported with their line and skipped, localhost boilerplate is skipped silently.
#include "filter/local_hosts.hpp"

#include <doctest/doctest.h>

using roja::filter::parse_local_hosts;

TEST_CASE("a hosts line gives each of its names the line's address") {
    const auto file = parse_local_hosts(
        "# school\n10.0.0.80 Intranet.School.Local. intranet\r\nfd00::80\tintranet.school.local\n",
        "hosts");
    REQUIRE(file.hosts.size() == 3);
    CHECK(file.hosts[0].name == "intranet.school.local");
    CHECK(file.hosts[0].address.to_string() == "10.0.0.80");
    CHECK(file.hosts[1].name == "intranet");
    CHECK(file.hosts[2].address.to_string() == "fd00::80");
    CHECK(file.invalid == 0);
}

TEST_CASE("bad lines are reported with their line and skipped") {
    const auto file = parse_local_hosts(
        "127.0.0.1 localhost\n::1 ip6-localhost\nnot-an-address nas\n10.0.0.9\n10.0.0.7 ok # x\n",
        "hosts");
    REQUIRE(file.hosts.size() == 1);
    CHECK(file.hosts[0].name == "ok");
    CHECK(file.invalid == 2);
    REQUIRE(file.errors.size() == 2);
    CHECK(file.errors[0].line == 3);
    CHECK(file.errors[0].file == "hosts");
    CHECK(file.errors[1].line == 4);
}
