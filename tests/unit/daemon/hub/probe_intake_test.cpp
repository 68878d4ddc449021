// A probe report is read only when its minisign signature verifies with a trusted prober's key;
// its counts and misses come out, and a plain list's miss is named by its name.
#include "daemon/hub/probe_intake.hpp"

#include <doctest/doctest.h>

#include "daemon/feed/minisign_writer.hpp"

using namespace roja;

namespace {

constexpr std::string_view kReport =
    R"({"report":"roja-probe","feed":{"id":"akep-al","serial":7},"resolver":"192.0.2.53:53",)"
    R"("finished_at":"2026-12-07T10:00:00Z","counts":{"blocked":5,"not_blocked":2,"error":1},)"
    R"("misses":[{"name":"a.test","entry_id":"A-1","how":"answer 198.51.100.1"},)"
    R"({"name":"b.test","entry_id":"","how":"answer 198.51.100.2"}]})";

struct Prober {
    feed::MinisignSecretKey secret;
    feed::MinisignPublicKey key;
};

Prober make_prober() {
    auto secret = feed::generate_minisign_key();
    REQUIRE(secret.has_value());
    auto key = feed::parse_minisign_public_key(feed::format_minisign_public_key(*secret, ""));
    REQUIRE(key.has_value());
    return {std::move(*secret), std::move(*key)};
}

std::string sign(const Prober& prober, std::string_view text) {
    auto signature = feed::sign_minisign(
        prober.secret, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()},
        "roja-probe", feed::MinisignVariant::prehashed);
    REQUIRE(signature.has_value());
    return *signature;
}

}  // namespace

TEST_CASE("a probe report signed by a trusted prober is read with its counts and misses") {
    const Prober prober = make_prober();
    const std::vector<feed::MinisignPublicKey> keys{prober.key};
    const auto report = hub::read_probe_report(kReport, sign(prober, kReport), keys);
    REQUIRE(report.has_value());
    CHECK(report->feed == "akep-al");
    CHECK(report->serial == 7);
    CHECK(report->resolver == "192.0.2.53:53");
    CHECK(report->blocked == 5);
    CHECK(report->not_blocked == 2);
    CHECK(report->errors == 1);
    REQUIRE(report->misses.size() == 2);
    CHECK(report->misses[0].entry_id == "A-1");
    CHECK(report->misses[1].entry_id == "b.test");  // a plain list's entry: its name
}

TEST_CASE("a probe report changed after signing, or signed by another key, is refused") {
    const Prober prober = make_prober();
    const Prober stranger = make_prober();
    const std::vector<feed::MinisignPublicKey> keys{prober.key};
    std::string changed(kReport);
    changed.replace(changed.find("\"not_blocked\":2"), 15, "\"not_blocked\":0");
    CHECK_FALSE(hub::read_probe_report(changed, sign(prober, kReport), keys).has_value());
    CHECK_FALSE(hub::read_probe_report(kReport, sign(stranger, kReport), keys).has_value());
    CHECK_FALSE(hub::read_probe_report(kReport, "not a signature", keys).has_value());
}
