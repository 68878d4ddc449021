#include "daemon/hub/audit_intake.hpp"

#include <boost/json/parse.hpp>

#include "daemon/audit/audit_chain.hpp"
#include "daemon/audit/audit_verify.hpp"
#include "daemon/crypto/sha256.hpp"
#include "daemon/hub/json_fields.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;

// The line's fields (the chain check has already parsed and accepted it).
TakenRecord take_record(std::string_view line, AuditIntake& out) {
    const json::object record = json::parse(line).as_object();
    TakenRecord taken{record.at("seq").to_number<std::uint64_t>(),
                      text_of(record, "time"),
                      text_of(record, "type"),
                      std::string(line),
                      crypto::sha256_hex(line),
                      text_of(record, "prev")};
    const auto* details = record.if_contains("details");
    const json::object* d = details ? details->if_object() : nullptr;
    if (!d) return taken;
    boost::system::error_code ec;
    if ((taken.type == "feed_applied" || taken.type == "feed_rejected") && d->contains("serial")) {
        const auto serial = d->at("serial").to_number<std::uint64_t>(ec);
        if (!ec && !text_of(*d, "feed").empty())
            out.versions.push_back({text_of(*d, "feed"), serial, text_of(*d, "issued_at")});
    }
    if (taken.type == "audit_checkpoint" && d->contains("signed_seq")) {
        const auto signed_seq = d->at("signed_seq").to_number<std::uint64_t>(ec);
        out.checkpoints.push_back({taken.seq, ec ? 0 : signed_seq, text_of(*d, "key_id"), false});
    }
    return taken;
}

// The page without its first line when that line is the tail's record; else why not.
std::optional<std::string_view> after_tail(std::string_view page, const NodeTail& tail,
                                           std::string& problem) {
    if (tail.seq == 0) return page;
    const std::size_t end = page.find('\n');
    if (end == std::string_view::npos) {
        problem = "the node no longer has record " + std::to_string(tail.seq) +
                  ", the last one the hub holds (its log was truncated or replaced)";
        return std::nullopt;
    }
    if (crypto::sha256_hex(page.substr(0, end)) != tail.hash) {
        problem = "record " + std::to_string(tail.seq) +
                  " is not the one the hub holds (the node's history was rewritten)";
        return std::nullopt;
    }
    return page.substr(end + 1);
}

}  // namespace

std::uint64_t page_after(const NodeTail& tail) noexcept {
    return tail.seq == 0 ? 0 : tail.seq - 1;
}

AuditIntake take_audit_page(std::string_view page, const NodeTail& tail,
                            const audit::CheckpointVerifier* key) {
    AuditIntake out;
    out.last_seq = tail.seq;
    std::string problem;
    const auto rest = after_tail(page, tail, problem);
    if (!rest) return out.broken = problem, out;
    audit::ChainCheck start;
    start.last_seq = tail.seq;
    start.last_hash = tail.hash;
    const audit::ChainCheck chain = audit::check_audit_chain(*rest, start);
    if (chain.first_break) {
        out.broken = "record " + std::to_string(chain.last_seq + 1) +
                     " does not continue the chain the hub holds: " + chain.first_break->reason;
        return out;
    }
    const auto checked = audit::verify_audit_files({{"page", std::string(*rest)}}, key);
    if (checked.failure) return out.broken = *checked.failure, out;
    for (std::string_view lines = *rest; !lines.empty();) {
        const std::size_t end = lines.find('\n');
        out.records.push_back(take_record(lines.substr(0, end), out));
        lines.remove_prefix(end + 1);
    }
    for (CheckpointSeen& checkpoint : out.checkpoints) checkpoint.is_verified = key != nullptr;
    out.last_seq = chain.last_seq;
    return out;
}

}  // namespace roja::hub
