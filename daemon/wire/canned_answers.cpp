// Synthesised answers: which records each kind of answer carries.
#include "daemon/wire/canned_answers.hpp"

namespace roja::wire {

namespace {

Result<std::span<const std::uint8_t>> write_negative(std::span<std::uint8_t> out, std::size_t limit,
                                                     const QueryView& query,
                                                     const BlockedAnswer& answer, Rcode rcode) {
    AnswerWriter writer(out, limit);
    writer.start(query, rcode);
    writer.add_soa(answer.ttl, answer.ttl);
    if (answer.extended_error) writer.set_extended_error(*answer.extended_error);
    return writer.finish();
}

}  // namespace

Result<std::span<const std::uint8_t>> write_redirect(std::span<std::uint8_t> out, std::size_t limit,
                                                     const QueryView& query,
                                                     const BlockedAnswer& answer) noexcept {
    const bool wants_a = query.qtype == type::kA && !answer.ipv4.empty();
    const bool wants_aaaa = query.qtype == type::kAaaa && !answer.ipv6.empty();
    if (!wants_a && !wants_aaaa) return write_negative(out, limit, query, answer, Rcode::NoError);
    AnswerWriter writer(out, limit);
    writer.start(query, Rcode::NoError);
    if (wants_a)
        for (const auto& address : answer.ipv4) writer.add_a(answer.ttl, address);
    if (wants_aaaa)
        for (const auto& address : answer.ipv6) writer.add_aaaa(answer.ttl, address);
    if (answer.extended_error) writer.set_extended_error(*answer.extended_error);
    return writer.finish();
}

Result<std::span<const std::uint8_t>> write_nodata(std::span<std::uint8_t> out, std::size_t limit,
                                                   const QueryView& query,
                                                   const BlockedAnswer& answer) noexcept {
    return write_negative(out, limit, query, answer, Rcode::NoError);
}

Result<std::span<const std::uint8_t>> write_nxdomain(std::span<std::uint8_t> out, std::size_t limit,
                                                     const QueryView& query,
                                                     const BlockedAnswer& answer) noexcept {
    return write_negative(out, limit, query, answer, Rcode::NxDomain);
}

Result<std::span<const std::uint8_t>> write_rcode_only(
    std::span<std::uint8_t> out, std::size_t limit, const QueryView& query, Rcode rcode,
    std::optional<ExtendedError> extended_error) noexcept {
    AnswerWriter writer(out, limit);
    writer.start(query, rcode);
    if (extended_error) writer.set_extended_error(*extended_error);
    return writer.finish();
}

Result<std::span<const std::uint8_t>> write_status_answer(std::span<std::uint8_t> out,
                                                          std::size_t limit,
                                                          const QueryView& query) noexcept {
    switch (query.status) {
        case QueryStatus::formerr:
            return write_rcode_only(out, limit, query, Rcode::FormErr);
        case QueryStatus::notimp:
            return write_rcode_only(out, limit, query, Rcode::NotImp);
        case QueryStatus::badvers:
            return write_rcode_only(out, limit, query, Rcode::BadVers);
        case QueryStatus::ok:
        case QueryStatus::drop:
            break;
    }
    return std::span<const std::uint8_t>{};
}

}  // namespace roja::wire
