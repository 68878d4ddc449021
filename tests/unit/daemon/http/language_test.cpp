#include <doctest/doctest.h>

#include "daemon/http/language.hpp"

using roja::http::choose_language;
using roja::http::Language;

TEST_CASE("the page is Albanian unless Accept-Language prefers English") {
    CHECK(choose_language("") == Language::sq);
    CHECK(choose_language("en") == Language::en);
    CHECK(choose_language("en-US,en;q=0.9") == Language::en);
    CHECK(choose_language("sq-AL,sq;q=0.9,en;q=0.8") == Language::sq);
    CHECK(choose_language("en;q=0.5, sq;q=0.8") == Language::sq);
    CHECK(choose_language("de-DE,de;q=0.9,en;q=0.3") == Language::en);
    CHECK(choose_language("de, fr") == Language::sq);
    CHECK(choose_language("*") == Language::sq);
    CHECK(choose_language("EN-gb") == Language::en);
}

TEST_CASE("malformed or zero weights do not choose a language") {
    CHECK(choose_language("en;q=0") == Language::sq);
    CHECK(choose_language("en;q=2") == Language::sq);
    CHECK(choose_language("en;q=abc") == Language::sq);
    CHECK(choose_language("en;q=0.5x") == Language::sq);
    CHECK(choose_language(";;,,;q=") == Language::sq);
}
