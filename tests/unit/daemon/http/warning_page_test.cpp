#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <boost/asio/ip/address.hpp>

#include "daemon/http/page_response.hpp"
#include "daemon/http/warning_page.hpp"
#include "http_test_policy.hpp"

using namespace roja::http;

namespace {

WarningPage test_page() {
    OperatorInfo info;
    info.organisation = "Test ISP";
    info.operator_url = "https://isp.example/blocks";
    info.appeal_url = "https://isp.example/appeal";
    info.child_protection_categories = {"child-protection"};
    return WarningPage(info, WarningTemplates::builtin());
}

PageResponse respond(const WarningPage& page, std::string_view host,
                     std::string_view language = "") {
    static const auto policy = test::orders_policy();
    PageResponse out;
    page.respond(*policy, {host, language, boost::asio::ip::make_address("127.0.0.1"), {}}, out);
    return out;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a blocked host gets 451 with who ordered it, the decision and the legal basis") {
    const WarningPage page = test_page();
    const PageResponse r = respond(page, "www.Casino.test:80");
    CHECK(r.status == 451);
    CHECK(r.language == Language::sq);
    CHECK(contains(r.body, "<html lang=\"sq\">"));
    CHECK(contains(r.body, "www.casino.test"));
    CHECK(contains(r.body, "AKEP"));
    CHECK(contains(r.body, "123/2025"));
    CHECK(contains(r.body, "2025-03-01"));
    CHECK(contains(r.body, "Ligji 54/2024 neni 12"));
    CHECK(contains(r.body, "Ju nuk keni bërë asgjë të gabuar"));
    CHECK(contains(r.body, "https://isp.example/appeal"));
    CHECK_FALSE(contains(r.body, "116 111"));  // gambling is not a child-protection category
}

TEST_CASE("English is served when Accept-Language prefers it") {
    const PageResponse r = respond(test_page(), "casino.test", "en-GB,en;q=0.9");
    CHECK(r.language == Language::en);
    CHECK(contains(r.body, "<html lang=\"en\">"));
    CHECK(contains(r.body, "You have done nothing wrong"));
}

TEST_CASE("child-protection orders add the helpline and the reporting platform") {
    const PageResponse r = respond(test_page(), "harm.test");
    CHECK(r.status == 451);
    CHECK(contains(r.body, "ALO 116 111"));
    CHECK(contains(r.body, "iSigurt.al"));
    CHECK(contains(r.body, "Agjencia &lt;b&gt;"));  // the list's own text is escaped too
    CHECK(contains(r.body, "Ligji &quot;x&quot; &amp; y"));
    CHECK_FALSE(contains(r.body, "<b>"));
}

TEST_CASE("names that are not blocked get a neutral 404") {
    const PageResponse r = respond(test_page(), "example.test");
    CHECK(r.status == 404);
    CHECK_FALSE(contains(r.body, "AKEP"));
    CHECK(respond(test_page(), "192.0.2.1").status == 404);
    CHECK(respond(test_page(), "").status == 404);  // HTTP/1.0 without Host
}

TEST_CASE("a hostile Host header is refused, never shown") {
    const PageResponse r = respond(test_page(), "<script>alert(1)</script>.casino.test");
    CHECK(r.status == 400);
    CHECK_FALSE(contains(r.body, "<script>"));
}

TEST_CASE("the 451 response carries the RFC 7725 Link, no-store and a closed CSP") {
    PageResponse page = respond(test_page(), "casino.test");
    const Response response = page_response(page, "https://isp.example/blocks", 11, true, false);
    CHECK(response.result_int() == 451);
    CHECK(response[boost::beast::http::field::link] ==
          "<https://isp.example/blocks>; rel=\"blocked-by\"");
    CHECK(response[boost::beast::http::field::cache_control] == "no-store");
    CHECK(response["Content-Security-Policy"].starts_with("default-src 'none'"));
    CHECK(response[boost::beast::http::field::content_language] == "sq");
    CHECK(response.keep_alive());
    PageResponse missing = respond(test_page(), "example.test");
    const Response not_found =
        page_response(missing, "https://isp.example/blocks", 11, false, false);
    CHECK(not_found[boost::beast::http::field::link].empty());
    CHECK_FALSE(not_found.keep_alive());
}

TEST_CASE("a URL verdict renders the listed URL as what was blocked") {
    const auto policy = test::orders_policy();
    const auto verdict = policy->decide_url("news.test", "/secret/page/2", 0);
    REQUIRE(verdict.is_blocked());
    PageResponse out;
    test_page().render_blocked(*policy, verdict, "news.test/secret/page/2",
                               {"news.test", "", {}, {}}, out);
    CHECK(out.status == 451);
    CHECK(contains(out.body, "news.test/secret/page/2"));
    CHECK(contains(out.body, "125/2025"));
}

TEST_CASE("hosts with URL or sni entries are routed to the filter only for URL-filtering groups") {
    const auto filtering = test::orders_policy(true);
    CHECK(filtering->is_routed_to_http_filter("news.test", 0));
    CHECK(filtering->is_routed_to_http_filter("tls-only.test", 0));
    CHECK_FALSE(filtering->is_routed_to_http_filter("casino.test", 0));
    CHECK_FALSE(filtering->is_routed_to_http_filter("www.news.test", 0));
    const auto plain = test::orders_policy(false);
    CHECK_FALSE(plain->is_routed_to_http_filter("news.test", 0));
}

TEST_CASE("the operator's template directory overrides the built-ins file by file") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("roja-templates-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    CHECK(WarningTemplates::load(dir.string()).files_from_directory() == 0);  // empty: all built-in
    std::ofstream(dir / "texts.en.txt") << "title = T\n";  // English lacks the other texts
    CHECK_THROWS_AS(WarningTemplates::load(dir.string()), std::runtime_error);
    std::ofstream(dir / "texts.en.txt", std::ios::trunc)
        << "not_found_title = Gone\nnot_found_text = Nothing {{host}}\n";
    std::ofstream(dir / "blocked.html") << "<p>{{t.not_found_title}} {{host}}</p>";
    const WarningTemplates templates = WarningTemplates::load(dir.string());
    CHECK(templates.files_from_directory() == 2);
    PageValues values;
    values.set(PageField::host, "<x>");
    std::string out;
    templates.pages(Language::en).blocked.render(values, out);
    CHECK(out == "<p>Gone &lt;x&gt;</p>");
    std::filesystem::remove_all(dir);
}
