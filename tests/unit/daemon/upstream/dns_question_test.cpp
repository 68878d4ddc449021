// The forwarder's own small parsing: questions, reply checks and coalescing keys.
#include "daemon/upstream/dns_question.hpp"
#include "tests/unit/daemon/upstream/dns_test_messages.hpp"

#include <doctest/doctest.h>

namespace roja::upstream {

using test::make_query;
using test::make_reply;

TEST_CASE("the question is read from right after the header") {
    const auto query = make_query("www.example.com", {.qtype = 28});
    const auto question = parse_question(query);
    REQUIRE(question.has_value());
    CHECK(question->qname.size() == 17);
    CHECK(question->qtype == 28);
    CHECK(question->qclass == 1);
    CHECK(question->end == query.size());
}

TEST_CASE("a compressed, truncated or missing question is an error") {
    auto pointer = make_query("www.example.com");
    pointer[12] = 0xC0;
    CHECK_FALSE(parse_question(pointer).has_value());
    auto query = make_query("www.example.com");
    CHECK_FALSE(parse_question(std::span(query).first(query.size() - 1)).has_value());
    query[5] = 0;  // QDCOUNT 0
    CHECK_FALSE(parse_question(query).has_value());
    CHECK_FALSE(parse_question(std::span(query).first(11)).has_value());
}

TEST_CASE("questions compare names without regard to letter case, type and class exactly") {
    const auto lower = make_query("www.example.com");
    const auto mixed = make_query("WwW.ExAmple.COM");
    const auto aaaa = make_query("www.example.com", {.qtype = 28});
    CHECK(same_question(*parse_question(lower), *parse_question(mixed)));
    CHECK_FALSE(same_question(*parse_question(lower), *parse_question(aaaa)));
    CHECK_FALSE(
        same_question(*parse_question(lower), *parse_question(make_query("www.example.co"))));
}

TEST_CASE("a reply is accepted only with our ID, QR set and our question") {
    const auto query = make_query("www.example.com", {.id = 0x4242});
    const auto question = *parse_question(query);
    CHECK(check_reply(make_reply(query), 0x4242, question) == ReplyVerdict::accept);
    CHECK(check_reply(make_reply(query, {.id_delta = 1}), 0x4242, question) ==
          ReplyVerdict::forged);
    CHECK(check_reply(make_reply(make_query("other.example.com", {.id = 0x4242})), 0x4242,
                      question) == ReplyVerdict::forged);
    auto pointer = make_reply(query);
    pointer[12] = 0xC0;
    CHECK(check_reply(pointer, 0x4242, question) == ReplyVerdict::forged);
    CHECK(check_reply(query, 0x4242, question) == ReplyVerdict::malformed);  // QR unset
    CHECK(check_reply(std::span(query).first(11), 0x4242, question) == ReplyVerdict::malformed);
}

TEST_CASE("coalescing keys ignore ID and letter case but not type, DO or CD") {
    const auto key = [](const std::vector<std::uint8_t>& q) { return *coalescing_key(q); };
    CHECK(key(make_query("a.example", {.id = 1})) == key(make_query("A.Example", {.id = 2})));
    CHECK(key(make_query("a.example")) != key(make_query("a.example", {.qtype = 28})));
    CHECK(key(make_query("a.example")) != key(make_query("a.example", {.do_bit = true})));
    CHECK(key(make_query("a.example")) != key(make_query("a.example", {.cd_bit = true})));
    auto broken_opt = make_query("a.example", {.do_bit = true});
    broken_opt.pop_back();
    CHECK_FALSE(coalescing_key(broken_opt).has_value());
}

TEST_CASE("the message ID is written in network order") {
    auto query = make_query("a.example");
    set_message_id(query, 0xBEEF);
    CHECK(query[0] == 0xBE);
    CHECK(query[1] == 0xEF);
    CHECK(message_id(query) == 0xBEEF);
}

}  // namespace roja::upstream
