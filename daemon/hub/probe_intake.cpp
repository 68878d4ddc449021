#include "daemon/hub/probe_intake.hpp"

#include <boost/json/parse.hpp>

#include "daemon/crypto/sha256.hpp"
#include "daemon/feed/minisign_verify.hpp"
#include "daemon/hub/json_fields.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;

std::uint64_t count_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    boost::system::error_code ec;
    const auto number = value ? value->to_number<std::uint64_t>(ec) : 0;
    return ec ? 0 : number;
}

template <class T>
Answer<T> refused(std::string why) {
    return {boost::system::in_place_error, std::move(why)};
}

}  // namespace

Answer<ProbeReport> read_probe_fields(std::string_view report) {
    boost::system::error_code ec;
    const json::value value = json::parse(report, ec);
    const auto* object = ec ? nullptr : value.if_object();
    if (!object || text_of(*object, "report") != "roja-probe")
        return refused<ProbeReport>("not a roja-probe report");
    const auto* feed = object->if_contains("feed");
    const auto* counts = object->if_contains("counts");
    if (!feed || !feed->is_object() || !counts || !counts->is_object())
        return refused<ProbeReport>("a probe report without feed or counts");
    ProbeReport out;
    out.sha256 = crypto::sha256_hex(report);
    out.feed = text_of(feed->get_object(), "id");
    out.serial = count_of(feed->get_object(), "serial");
    out.resolver = text_of(*object, "resolver");
    out.finished_at = text_of(*object, "finished_at");
    out.blocked = count_of(counts->get_object(), "blocked");
    out.not_blocked = count_of(counts->get_object(), "not_blocked");
    out.errors = count_of(counts->get_object(), "error");
    if (out.feed.empty() || out.resolver.empty())
        return refused<ProbeReport>("a probe report without feed id or resolver");
    const auto* misses = object->if_contains("misses");
    if (misses && misses->is_array())
        for (const json::value& miss : misses->get_array())
            if (const auto* m = miss.if_object()) {
                // An entry of a plain list has no id of its own: the name stands for it.
                std::string id = text_of(*m, "entry_id");
                if (id.empty()) id = text_of(*m, "name");
                out.misses.push_back({std::move(id), text_of(*m, "name"), text_of(*m, "how")});
            }
    return out;
}

Answer<ProbeReport> read_probe_report(std::string_view report, std::string_view minisig,
                                      std::span<const feed::MinisignPublicKey> keys) {
    const auto signature = feed::parse_minisign_signature(minisig);
    if (!signature) return refused<ProbeReport>("its .minisig is not a minisign signature");
    const auto verified = feed::verify_minisign(
        {reinterpret_cast<const std::uint8_t*>(report.data()), report.size()}, *signature, keys);
    if (!verified)
        return refused<ProbeReport>("its signature does not verify with a trusted prober's key");
    return read_probe_fields(report);
}

}  // namespace roja::hub
