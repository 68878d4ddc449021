#include "filter/domain_name.hpp"

#include <doctest/doctest.h>

#include <string>

using roja::filter::DomainName;
using roja::filter::NameError;

namespace {
std::string canonical(std::string_view text) {
    auto name = DomainName::parse(text);
    REQUIRE_MESSAGE(name.has_value(), text);
    return std::string(name->text());
}
NameError failure(std::string_view text) {
    auto name = DomainName::parse(text);
    REQUIRE_FALSE(name.has_value());
    return static_cast<NameError>(name.error().value());
}
}  // namespace

TEST_CASE("a name is lower-cased and loses its trailing dot") {
    CHECK(canonical("WWW.Example.COM.") == "www.example.com");
    CHECK(canonical("example.com") == "example.com");
}

TEST_CASE("the root is the empty canonical name") {
    CHECK(canonical(".") == "");
    CHECK(DomainName::parse(".")->is_root());
}

TEST_CASE("escapes are decoded and respelled as three digits") {
    CHECK(canonical("a\\.b.example") == "a\\046b.example");
    CHECK(canonical("a\\046b.example") == "a\\046b.example");
    CHECK(canonical("\\065bc.example") == "abc.example");
    CHECK(canonical("sp\\032ace.example") == "sp\\032ace.example");
    CHECK(canonical("back\\\\slash.example") == "back\\092slash.example");
}

TEST_CASE("an internationalised name becomes its A-labels") {
    CHECK(canonical("bücher.de") == "xn--bcher-kva.de");
    CHECK(canonical("ÇAJ.AL") == "xn--aj-3ia.al");
    CHECK(canonical("xn--bcher-kva.de") == "xn--bcher-kva.de");
}

TEST_CASE("limits of RFC 1035 are enforced with a precise reason") {
    CHECK(failure("") == NameError::empty);
    CHECK(failure("a..b") == NameError::empty_label);
    CHECK(failure(".a") == NameError::empty_label);
    CHECK(failure(std::string(64, 'a') + ".com") == NameError::label_too_long);
    CHECK(canonical(std::string(63, 'a') + ".com").size() == 67);
    std::string long_name;
    for (int i = 0; i < 4; ++i) long_name += std::string(63, 'a') + ".";
    CHECK(failure(long_name) == NameError::name_too_long);  // 4 * 64 + 1 = 257 octets
    CHECK(failure("a b.com") == NameError::invalid_character);
    CHECK(failure("abc\\") == NameError::bad_escape);
    CHECK(failure("a\\25x.com") == NameError::bad_escape);
    CHECK(failure("a\\256.com") == NameError::bad_escape);
}

TEST_CASE("a name of exactly 255 wire octets is accepted") {
    // 3 labels of 63 + one of 61: 3*64 + 62 + 1 = 255
    std::string name = std::string(63, 'a') + "." + std::string(63, 'b') + "." +
                       std::string(63, 'c') + "." + std::string(61, 'd');
    CHECK(DomainName::parse(name).has_value());
    CHECK(failure(name + "d") == NameError::name_too_long);
}

TEST_CASE("parents and subdomains follow label boundaries") {
    auto name = *DomainName::parse("a.b.example.com");
    CHECK(name.label_count() == 4);
    CHECK(name.parent().text() == "b.example.com");
    CHECK(name.is_subdomain_of(*DomainName::parse("example.com")));
    CHECK_FALSE(
        DomainName::parse("badexample.com")->is_subdomain_of(*DomainName::parse("example.com")));
}
