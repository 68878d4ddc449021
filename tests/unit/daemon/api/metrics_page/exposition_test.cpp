// The text exposition: families, labels escaped, numbers in Prometheus' spelling.
#include "daemon/api/metrics_page/exposition.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using roja::metrics::Exposition;

TEST_CASE("a family is its HELP and TYPE lines followed by its samples") {
    Exposition out;
    out.family("roja_x_total", "counter", "What x counts.");
    out.sample("roja_x_total", {{"a", "1"}, {"b", "two"}}, std::uint64_t{7});
    out.sample("roja_x_total", {}, std::uint64_t{0});
    CHECK(out.text() ==
          "# HELP roja_x_total What x counts.\n# TYPE roja_x_total "
          "counter\nroja_x_total{a=\"1\",b=\"two\"} 7\nroja_x_total 0\n");
}

TEST_CASE(
    "label values escape backslash, double quote and newline; HELP escapes backslash and newline") {
    Exposition out;
    out.family("roja_y", "gauge", "line\\one\nline \"two\"");
    out.sample("roja_y", {{"list", "a\"b\\c\nd"}}, std::uint64_t{1});
    CHECK(out.text() ==
          "# HELP roja_y line\\\\one\\nline \"two\"\n# TYPE roja_y "
          "gauge\nroja_y{list=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST_CASE("doubles are written shortest, infinities and NaN as Prometheus spells them") {
    Exposition out;
    out.sample("a", {}, 0.25);
    out.sample("b", {}, std::numeric_limits<double>::infinity());
    out.sample("c", {}, std::nan(""));
    out.sample("d", {}, 1700000000.0);
    CHECK(out.text() == "a 0.25\nb +Inf\nc NaN\nd 1700000000\n");
}
