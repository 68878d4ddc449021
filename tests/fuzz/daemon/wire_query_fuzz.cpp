// Fuzzes query decoding and every answer built from whatever decodes, then re-walks each answer:
// anything Roja writes must be a valid reply.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "daemon/wire/canned_answers.hpp"
#include "daemon/wire/reply_view.hpp"
#include "daemon/wire/upstream_query.hpp"

namespace {

using namespace roja::wire;

// A written answer fits the limit and, when it has a question, walks as a valid reply.
void must_walk(roja::Result<std::span<const std::uint8_t>> answer, std::size_t limit,
               const QueryView& query) {
    if (!answer || answer->empty()) return;
    if (answer->size() > limit) std::abort();
    ReplyView reply;
    if (query.has_question && !walk_message(*answer, reply)) std::abort();
    if (!query.has_question && answer->size() != kHeaderSize + (query.edns.present ? 11 : 0))
        std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    QueryView query;
    decode_query({data, size}, query);
    static std::array<std::uint8_t, kMaxMessageSize> out;
    const std::size_t limit = query.udp_answer_limit();
    if (query.status != QueryStatus::ok) {
        must_walk(write_status_answer(out, limit, query), limit, query);
        return 0;
    }
    static constexpr Ipv4Address kV4{0, 0, 0, 0};
    static constexpr Ipv6Address kV6{};
    BlockedAnswer blocked;
    blocked.ttl = 10;
    blocked.ipv4 = std::span(&kV4, 1);
    blocked.ipv6 = std::span(&kV6, 1);
    blocked.extended_error = ExtendedError{ede::kBlocked, "{\"j\":\"blocked\"}"};
    must_walk(write_redirect(out, limit, query, blocked), limit, query);
    must_walk(write_nxdomain(out, limit, query, blocked), limit, query);
    must_walk(write_rcode_only(out, limit, query, Rcode::ServFail,
                               ExtendedError{ede::kNetworkError, "x"}),
              limit, query);
    AnswerWriter writer(out, limit);
    writer.start(query, Rcode::NoError);
    writer.add_cname(5, query.qname());  // canonical text must always encode back
    must_walk(writer.finish(), limit, query);
    auto upstream = write_upstream_query(query, 1, out);
    if (!upstream) std::abort();
    QueryView again;
    decode_query(std::span(out.data(), *upstream), again);
    if (again.status != QueryStatus::ok || again.qname() != query.qname()) std::abort();
    return 0;
}
