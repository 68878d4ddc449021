#include <doctest/doctest.h>

#include <stdexcept>

#include "daemon/rpz/tsig_key.hpp"

namespace roja::rpz {

TEST_CASE("a BIND key file gives its keys, comments and all") {
    const auto keys = parse_tsig_keys(R"(# made by tsig-keygen
key "Xfr-AKEP." {
    algorithm hmac-sha256;   // the only one accepted
    secret "c2VjcmV0";
};
/* a second key */ key other { algorithm HMAC-SHA256; secret "b3RoZXI="; };
)",
                                      "keys.conf");
    REQUIRE(keys.size() == 2);
    CHECK(keys[0].name == "xfr-akep");
    CHECK(keys[0].algorithm == "hmac-sha256");
    CHECK(std::string(keys[0].secret.begin(), keys[0].secret.end()) == "secret");
    CHECK(keys[1].name == "other");
}

TEST_CASE("a key file problem names the file and the line") {
    CHECK_THROWS_WITH_AS(
        parse_tsig_keys("key \"k\" {\n algorithm hmac-md5;\n secret \"YQ==\"; };", "keys.conf"),
        "keys.conf:2: algorithm hmac-md5 not supported (only hmac-sha256)", std::runtime_error);
    CHECK_THROWS_AS(
        parse_tsig_keys("key \"k\" { algorithm hmac-sha256; secret \"not base64!\"; };", "f"),
        std::runtime_error);
    CHECK_THROWS_AS(parse_tsig_keys("key \"k\" { algorithm hmac-sha256; };", "f"),
                    std::runtime_error);
    CHECK_THROWS_AS(parse_tsig_keys("key \"k\" { algorithm hmac-sha256; secret \"YQ==\"", "f"),
                    std::runtime_error);
    CHECK_THROWS_AS(parse_tsig_keys("options { };", "f"), std::runtime_error);
}

}  // namespace roja::rpz
