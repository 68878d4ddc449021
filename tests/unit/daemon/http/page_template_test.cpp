#include <doctest/doctest.h>

#include <stdexcept>

#include "daemon/http/page_template.hpp"

using namespace roja::http;

namespace {

std::string render(std::string_view source, std::string_view texts, const PageValues& values) {
    const TextCatalog catalog = TextCatalog::parse(texts, "texts");
    const PageTemplate page = PageTemplate::compile(source, catalog, "page");
    std::string out;
    page.render(values, out);
    return out;
}

}  // namespace

TEST_CASE("a template escapes values and folds texts in escaped") {
    PageValues values;
    values.set(PageField::host, "<b>evil.test</b>");
    const std::string out =
        render("<p>{{t.intro}} {{ host }}</p>", "intro = Tom & Jerry <3", values);
    CHECK(out == "<p>Tom &amp; Jerry &lt;3 &lt;b&gt;evil.test&lt;/b&gt;</p>");
}

TEST_CASE("a text may hold values, which are escaped when rendered") {
    PageValues values;
    values.set(PageField::authority, "A\"B");
    CHECK(render("{{t.appeal}}", "appeal = ask {{authority}} now", values) == "ask A&quot;B now");
}

TEST_CASE("sections keep their part only when the value is set, inverted ones only when not") {
    const std::string source =
        "[{{#decision}}D={{decision}}{{/decision}}{{^decision}}none{{/decision}}]after";
    PageValues values;
    CHECK(render(source, "", values) == "[none]after");
    values.set(PageField::decision, "12/2025");
    CHECK(render(source, "", values) == "[D=12/2025]after");
}

TEST_CASE("nested sections need every value") {
    const std::string source =
        "{{#censored}}{{#authority}}ask {{authority}}{{/authority}}{{/censored}}.";
    PageValues values;
    values.set(PageField::authority, "AKEP");
    CHECK(render(source, "", values) == ".");
    values.set(PageField::censored, "yes");
    CHECK(render(source, "", values) == "ask AKEP.");
}

TEST_CASE("a template with an unknown value, a missing text or a bad section is refused") {
    const TextCatalog texts = TextCatalog::parse("a = b", "texts");
    CHECK_THROWS_AS(PageTemplate::compile("{{nope}}", texts, "p"), std::runtime_error);
    CHECK_THROWS_AS(PageTemplate::compile("{{t.missing}}", texts, "p"), std::runtime_error);
    CHECK_THROWS_AS(PageTemplate::compile("{{#host}}x", texts, "p"), std::runtime_error);
    CHECK_THROWS_AS(PageTemplate::compile("{{#host}}x{{/time}}", texts, "p"), std::runtime_error);
    CHECK_THROWS_AS(PageTemplate::compile("{{/host}}", texts, "p"), std::runtime_error);
    CHECK_THROWS_AS(PageTemplate::compile("{{}}", texts, "p"), std::runtime_error);
    const TextCatalog section_in_text = TextCatalog::parse("a = {{#host}}x{{/host}}", "texts");
    CHECK_THROWS_AS(PageTemplate::compile("{{t.a}}", section_in_text, "p"), std::runtime_error);
}

TEST_CASE("a text file takes key = value lines and comments, and refuses the rest") {
    const TextCatalog texts = TextCatalog::parse("# comment\n\ntitle =  Faqja  \r\nempty =\n", "t");
    CHECK(texts.find("title") == "Faqja");
    CHECK(texts.find("empty") == "");
    CHECK_FALSE(texts.find("nope"));
    CHECK_THROWS_AS(TextCatalog::parse("no equals sign", "t"), std::runtime_error);
    CHECK_THROWS_AS(TextCatalog::parse("a = 1\na = 2", "t"), std::runtime_error);
    CHECK_THROWS_AS(TextCatalog::parse(" = x", "t"), std::runtime_error);
}
