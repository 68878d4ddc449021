#include "daemon/hub/node_answers.hpp"

#include <boost/json/parse.hpp>

#include "daemon/crypto/base64.hpp"
#include "daemon/hub/json_fields.hpp"
#include "daemon/stats/client_sketch.hpp"

namespace roja::hub {

namespace {

namespace json = boost::json;

Answer<json::object> parse_object(std::string_view body) {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec) return {boost::system::in_place_error, "not JSON: " + ec.message()};
    if (!value.is_object()) return {boost::system::in_place_error, "not a JSON object"};
    return std::move(value.get_object());
}

std::optional<std::int64_t> integer_of(const json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    boost::system::error_code ec;
    if (!value || !value->is_number()) return std::nullopt;
    const auto number = value->to_number<std::int64_t>(ec);
    if (ec) return std::nullopt;
    return number;
}

// The first rejection's error and detail: why the node refused the version.
std::string rejection_reason(const json::object& body) {
    const auto* rejections = body.if_contains("rejections");
    if (!rejections || !rejections->is_array() || rejections->get_array().empty()) return {};
    const auto* first = rejections->get_array()[0].if_object();
    if (!first) return {};
    std::string reason = text_of(*first, "error");
    if (const std::string detail = text_of(*first, "detail"); !detail.empty())
        reason += ": " + detail;
    return reason;
}

Answer<DayHits> read_hit_row(const json::value& value) {
    const auto* row = value.if_object();
    if (!row) return {boost::system::in_place_error, "a hit row is not an object"};
    DayHits hits{text_of(*row, "day"),
                 text_of(*row, "entry"),
                 text_of(*row, "list"),
                 text_of(*row, "authority"),
                 text_of(*row, "decision"),
                 0,
                 std::nullopt,
                 {}};
    const auto count = integer_of(*row, "hits");
    if (hits.day.size() != 10 || hits.entry.empty() || !count || *count < 0)
        return {boost::system::in_place_error, "a hit row without day, entry or hits"};
    hits.hits = *count;
    hits.clients_estimate = integer_of(*row, "clients_estimate");
    if (const std::string sketch = text_of(*row, "clients_sketch"); !sketch.empty()) {
        const auto bytes = crypto::decode_base64(sketch);
        if (!bytes) return {boost::system::in_place_error, "a hit row's sketch is not base64"};
        hits.clients_sketch.assign(bytes->begin(), bytes->end());
        if (!stats::ClientSketch::parse(hits.clients_sketch))
            return {boost::system::in_place_error, "a hit row's sketch is not a sketch"};
    }
    return hits;
}

}  // namespace

Answer<NodeStatus> read_status(std::string_view body) {
    auto object = parse_object(body);
    if (!object) return {boost::system::in_place_error, object.error()};
    const auto* degraded = object->if_contains("degraded");
    if (!degraded || !degraded->is_bool())
        return {boost::system::in_place_error, "status without degraded"};
    NodeStatus status{degraded->get_bool(), {}};
    const auto* feeds = object->if_contains("feeds");
    if (!feeds || !feeds->is_array()) return status;
    for (const json::value& feed : feeds->get_array()) {
        const auto* f = feed.if_object();
        const auto* is_degraded = f ? f->if_contains("degraded") : nullptr;
        if (!is_degraded || !is_degraded->is_bool() || !is_degraded->get_bool()) continue;
        if (!status.degraded_feeds.empty()) status.degraded_feeds += ", ";
        status.degraded_feeds += text_of(*f, "feed");
    }
    return status;
}

Answer<NodeConfirmation> read_confirmation(std::string_view body, const FeedSerial& version) {
    auto object = parse_object(body);
    if (!object) return {boost::system::in_place_error, object.error()};
    NodeConfirmation confirmation;
    confirmation.version = version;
    confirmation.status = text_of(*object, "status");
    if (confirmation.status != "applied" && confirmation.status != "rejected")
        return {boost::system::in_place_error, "confirmation without status applied or rejected"};
    if (text_of(*object, "feed") != version.feed ||
        integer_of(*object, "serial") != static_cast<std::int64_t>(version.serial))
        return {boost::system::in_place_error, "confirmation of another version than asked for"};
    confirmation.applied_at = text_of(*object, "applied_at");
    const auto* delay = object->if_contains("seconds_issued_to_applied");
    if (delay && delay->is_number()) confirmation.delay_seconds = delay->to_number<double>();
    confirmation.reason = rejection_reason(*object);
    confirmation.body = std::string(body);
    return confirmation;
}

Answer<std::vector<DayHits>> read_day_hits(std::string_view body) {
    auto object = parse_object(body);
    if (!object) return {boost::system::in_place_error, object.error()};
    const auto* rows = object->if_contains("rows");
    if (!rows || !rows->is_array()) return {boost::system::in_place_error, "hits without rows"};
    std::vector<DayHits> hits;
    for (const json::value& value : rows->get_array()) {
        auto row = read_hit_row(value);
        if (!row) return {boost::system::in_place_error, row.error()};
        hits.push_back(std::move(*row));
    }
    return hits;
}

}  // namespace roja::hub
