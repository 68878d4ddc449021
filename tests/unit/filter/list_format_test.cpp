#include <doctest/doctest.h>

#include "filter/list_format.hpp"

using namespace roja::filter;

TEST_CASE("format names round-trip and unknown names are refused") {
    for (ListFormat f : {ListFormat::plain, ListFormat::hosts, ListFormat::adblock, ListFormat::rpz,
                         ListFormat::csv})
        CHECK(list_format_from_string(to_string(f)) == f);
    CHECK(to_string(ListFormat::adblock) == "adblock");
    CHECK_FALSE(list_format_from_string("HOSTS").has_value());
    CHECK_FALSE(list_format_from_string("").has_value());
}

TEST_CASE("a CSV is recognised by its header row, after comments and in any column order") {
    CHECK(guess_list_format("id,type,value\n1,domain,a.com\n") == ListFormat::csv);
    CHECK(guess_list_format("\xEF\xBB\xBF# note\r\nvalue,Type,\"id\",authority\r\n") ==
          ListFormat::csv);
    CHECK(guess_list_format("id,value\n") == ListFormat::plain);
}

TEST_CASE("a hosts file is recognised by an address before a name") {
    CHECK(guess_list_format("# hosts\n127.0.0.1 localhost\n0.0.0.0 a.com\n") == ListFormat::hosts);
    CHECK(guess_list_format("\xEF\xBB\xBF"
                            "217.175.53.72 a.com\n") == ListFormat::hosts);
    CHECK(guess_list_format("::1\tip6-localhost\n") == ListFormat::hosts);
}

TEST_CASE("an adblock list is recognised by its header, comments or rules") {
    CHECK(guess_list_format("[Adblock Plus 2.0]\n||a.com^\n") == ListFormat::adblock);
    CHECK(guess_list_format("! Title: x\n||a.com^\n") == ListFormat::adblock);
    CHECK(guess_list_format("||a.com^\n") == ListFormat::adblock);
    CHECK(guess_list_format("@@||a.com^\n") == ListFormat::adblock);
}

TEST_CASE("an RPZ zone is recognised by its directives, SOA or CNAME . records") {
    CHECK(guess_list_format("$ORIGIN rpz.example.\n") == ListFormat::rpz);
    CHECK(guess_list_format("$TTL 300\n@ IN SOA ns. admin. 1 2 3 4 5\n") == ListFormat::rpz);
    CHECK(guess_list_format("; zone\nbad.example CNAME .\n") == ListFormat::rpz);
    CHECK(guess_list_format("rpz.example. 300 IN SOA ns. admin. 1 2 3 4 5\n") == ListFormat::rpz);
}

TEST_CASE("anything else is a plain list") {
    CHECK(guess_list_format("# Title\n\na.com\nb.com\n") == ListFormat::plain);
    CHECK(guess_list_format("") == ListFormat::plain);
    CHECK(guess_list_format("*.example.com\n") == ListFormat::plain);
}
