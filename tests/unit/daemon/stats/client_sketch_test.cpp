// The distinct-client sketch: SipHash-2-4 matches its reference vectors, the estimate is within
// a few percent, duplicates do not count, and sketches merge and survive serialization.
#include "daemon/stats/client_sketch.hpp"

#include <doctest/doctest.h>

#include <numeric>
#include <vector>

#include "daemon/stats/siphash.hpp"

using roja::stats::ClientSketch;
using roja::stats::siphash24;
using roja::stats::SipKey;

namespace {

SipKey reference_key() {
    SipKey key{};
    std::iota(key.begin(), key.end(), std::uint8_t{0});
    return key;
}

std::uint64_t hash_of(std::uint32_t client) {
    const std::uint8_t bytes[4] = {
        static_cast<std::uint8_t>(client >> 24), static_cast<std::uint8_t>(client >> 16),
        static_cast<std::uint8_t>(client >> 8), static_cast<std::uint8_t>(client)};
    return siphash24(reference_key(), bytes);
}

}  // namespace

TEST_CASE("SipHash-2-4 gives the reference outputs") {
    std::vector<std::uint8_t> message;
    CHECK(siphash24(reference_key(), message) == 0x726fdb47dd0e0e31ULL);
    for (std::uint8_t i = 0; i < 15; ++i) message.push_back(i);
    CHECK(siphash24(reference_key(), message) == 0xa129ca6149be45e5ULL);
}

TEST_CASE("a few clients are counted about exactly, and repeats do not count") {
    ClientSketch sketch;
    for (int round = 0; round < 50; ++round)
        for (std::uint32_t client = 1; client <= 20; ++client) sketch.add(hash_of(client));
    CHECK(sketch.estimate() == doctest::Approx(20).epsilon(0.05));
}

TEST_CASE("many clients are estimated within 10 percent") {
    for (const std::uint32_t clients : {1000u, 50000u}) {
        ClientSketch sketch;
        for (std::uint32_t client = 0; client < clients; ++client) sketch.add(hash_of(client));
        CHECK(sketch.estimate() == doctest::Approx(clients).epsilon(0.10));
    }
}

TEST_CASE("merged sketches count the union, and serialization keeps the estimate") {
    ClientSketch a, b;
    for (std::uint32_t client = 0; client < 3000; ++client) a.add(hash_of(client));
    for (std::uint32_t client = 2000; client < 5000; ++client) b.add(hash_of(client));
    ClientSketch small;
    for (std::uint32_t client = 0; client < 5; ++client) small.add(hash_of(client));
    a.merge(b);
    CHECK(a.estimate() == doctest::Approx(5000).epsilon(0.10));
    for (const ClientSketch* sketch : {&a, &small}) {
        const auto parsed = ClientSketch::parse(sketch->serialize());
        REQUIRE(parsed.has_value());
        CHECK(parsed->estimate() == doctest::Approx(sketch->estimate()));
    }
    CHECK(small.serialize().size() == 1 + 2 * 5);
    CHECK_FALSE(ClientSketch::parse("X").has_value());
    CHECK_FALSE(ClientSketch::parse("S\x01").has_value());
}
