#include "daemon/audit/audit_verify.hpp"

#include <boost/json/parse.hpp>

#include "daemon/audit/audit_chain.hpp"

namespace roja::audit {

namespace {

namespace json = boost::json;

// The chain start a file that is not the first of the chain implies: its first record's prev.
ChainCheck start_from_first_record(std::string_view text) {
    ChainCheck start;
    const std::string_view line = text.substr(0, text.find('\n'));
    boost::system::error_code ec;
    const json::value value = json::parse(line, ec);
    const auto* record = ec ? nullptr : value.if_object();
    if (!record || !record->contains("seq") || !record->contains("prev") ||
        !record->at("prev").is_string())
        return start;
    const auto seq = record->at("seq").to_number<std::uint64_t>(ec);
    if (ec || seq <= 1) return start;
    start.last_seq = seq - 1;
    start.last_hash = std::string(record->at("prev").get_string());
    return start;
}

// Empty when the checkpoint signs the record before it (and, with a key, its signature holds).
std::string check_checkpoint(const json::object& record, const CheckpointVerifier* key,
                             bool& verified) {
    const auto* details = record.if_contains("details");
    const json::object* d = details ? details->if_object() : nullptr;
    boost::system::error_code ec;
    const auto seq = record.at("seq").to_number<std::uint64_t>(ec);
    if (!d || !d->contains("signed_seq") || !d->contains("signed_sha256") ||
        !d->contains("signature"))
        return "checkpoint without its fields";
    const auto signed_seq = d->at("signed_seq").to_number<std::uint64_t>(ec);
    if (ec || signed_seq + 1 != seq)
        return "checkpoint signs seq " + std::to_string(signed_seq) + ", not the record before it";
    if (d->at("signed_sha256") != record.at("prev"))
        return "checkpoint signs another hash than the record before it";
    verified = false;
    if (!key) return {};
    const auto* key_id = d->if_contains("key_id");
    if (key_id && key_id->is_string() && key_id->get_string() != key->key_id())
        return "checkpoint signed by key " + std::string(key_id->get_string()) + ", not " +
               key->key_id();
    const std::string message = checkpoint_message(signed_seq, d->at("signed_sha256").as_string());
    if (!d->at("signature").is_string() || !key->verify(message, d->at("signature").get_string()))
        return "checkpoint signature does not verify";
    verified = true;
    return {};
}

// Checks the checkpoints of a file whose chain already holds; names the first bad one.
std::optional<std::string> check_checkpoints(const AuditFileText& file,
                                             const CheckpointVerifier* key,
                                             AuditVerification& out) {
    std::string_view text = file.text;
    for (std::uint64_t line_number = 1; !text.empty(); ++line_number) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (line.find("\"type\":\"audit_checkpoint\"") == std::string_view::npos) continue;
        const json::value value = json::parse(line);  // the chain check parsed it already
        const auto* type = value.as_object().if_contains("type");
        if (!type || *type != json::value("audit_checkpoint"))
            continue;  // the words were in its details
        bool verified = false;
        if (std::string problem = check_checkpoint(value.as_object(), key, verified);
            !problem.empty())
            return file.name + ":" + std::to_string(line_number) + ": seq " +
                   std::to_string(value.at("seq").to_number<std::uint64_t>()) + ": " + problem;
        ++out.checkpoints;
        if (verified) ++out.checkpoints_verified;
    }
    return std::nullopt;
}

}  // namespace

AuditVerification verify_audit_files(const std::vector<AuditFileText>& files,
                                     const CheckpointVerifier* key) {
    AuditVerification out;
    ChainCheck chain;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (i == 0) {
            chain = start_from_first_record(files[0].text);
            out.starts_at_genesis = chain.last_seq == 0;
            out.first_seq = chain.last_seq + 1;
        }
        chain = check_audit_chain(files[i].text, chain);
        out.records += chain.records;
        out.last_seq = chain.last_seq;
        if (chain.first_break) {
            const std::uint64_t bad_seq = chain.last_seq + 1;
            out.failure = files[i].name + ":" + std::to_string(chain.first_break->line) +
                          ": record " + std::to_string(bad_seq) +
                          " (seq expected): " + chain.first_break->reason;
            return out;
        }
        if (auto problem = check_checkpoints(files[i], key, out)) {
            out.failure = std::move(problem);
            return out;
        }
    }
    return out;
}

}  // namespace roja::audit
