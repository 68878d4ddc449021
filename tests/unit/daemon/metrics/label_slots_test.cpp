// Metric slots stay with their labels across reloads, and a full table shares one "_other" slot.
#include "daemon/metrics/label_slots.hpp"

#include <doctest/doctest.h>

using roja::metrics::LabelSlots;

TEST_CASE("the same labels get the same slot, new labels the next one") {
    LabelSlots slots(8, {"_other"});
    const auto a = slots.slot({"akep"});
    const auto b = slots.slot({"school"});
    CHECK(a == 0);
    CHECK(b == 1);
    CHECK(slots.slot({"akep"}) == a);
    const auto labels = slots.labels();
    REQUIRE(labels.size() == 8);
    CHECK(labels[0] == roja::metrics::Labels{"akep"});
    CHECK(labels[1] == roja::metrics::Labels{"school"});
    CHECK(labels[2].empty());
}

TEST_CASE("past the capacity every newcomer shares the last slot, labelled _other") {
    LabelSlots slots(3, {"_other"});
    CHECK(slots.slot({"a"}) == 0);
    CHECK(slots.slot({"b"}) == 1);
    CHECK(slots.slot({"c"}) == 2);
    CHECK(slots.slot({"d"}) == 2);
    CHECK(slots.slot({"a"}) == 0);
    CHECK(slots.labels()[2] == roja::metrics::Labels{"_other"});
}
