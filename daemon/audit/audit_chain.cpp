#include "daemon/audit/audit_chain.hpp"

#include <boost/json/parse.hpp>

#include "daemon/crypto/sha256.hpp"

namespace roja::audit {

namespace {

// Empty when the line is a record that follows (seq, prev); else why not.
std::string check_record(std::string_view line, std::uint64_t expected_seq,
                         std::string_view expected_prev) {
    boost::system::error_code error;
    const boost::json::value value = boost::json::parse(line, error);
    const auto* record = error ? nullptr : value.if_object();
    if (!record) return "not a JSON object";
    const auto* seq = record->if_contains("seq");
    const auto* prev = record->if_contains("prev");
    const auto* type = record->if_contains("type");
    if (!seq || !prev || !type || !prev->is_string() || !type->is_string() ||
        !record->contains("time"))
        return "missing seq, time, type or prev";
    const auto number = seq->to_number<std::uint64_t>(error);
    if (error) return "seq is not a non-negative integer";
    if (number != expected_seq)
        return "seq " + std::to_string(number) + " where " + std::to_string(expected_seq) +
               " was expected";
    if (prev->get_string() != expected_prev)
        return "prev does not match the previous record's SHA-256";
    return {};
}

}  // namespace

ChainCheck check_audit_chain(std::string_view text, const ChainCheck& start) {
    ChainCheck check = start;
    check.records = 0;
    check.first_break.reset();
    std::uint64_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const std::size_t end = text.find('\n');
        if (end == std::string_view::npos) {
            check.first_break = ChainBreak{line_number, "the last line is cut short (no line end)"};
            return check;
        }
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end + 1);
        if (std::string reason = check_record(line, check.last_seq + 1, check.last_hash);
            !reason.empty()) {
            check.first_break = ChainBreak{line_number, std::move(reason)};
            return check;
        }
        ++check.records;
        ++check.last_seq;
        check.last_hash = crypto::sha256_hex(line);
    }
    return check;
}

}  // namespace roja::audit
