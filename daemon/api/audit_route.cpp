// GET /api/v1/audit?after=SEQ[&limit=N][&format=jsonl]: the audit records after SEQ, to pull the
// log incrementally. JSON by default ({"records": [...], "last_seq", "more"}); format=jsonl gives
// the exact lines of the file, which is what `rojactl audit verify` checks the chain over.
#include <charconv>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "daemon/api/api_sources.hpp"
#include "daemon/audit/audit_files.hpp"

namespace roja::api {

namespace {

constexpr std::uint64_t kDefaultLimit = 1000;
constexpr std::uint64_t kMaxLimit = 10000;

std::optional<std::uint64_t> number_param(const ApiRequest& request, std::string_view key,
                                          std::uint64_t fallback) {
    const auto text = request.param(key);
    if (!text) return fallback;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (text->empty() || ec != std::errc() || end != text->data() + text->size())
        return std::nullopt;
    return value;
}

ApiResponse audit_page(const ApiSources& sources, const ApiRequest& request) {
    if (sources.audit_log.empty())
        return error_response(503, "this rojad keeps no audit log (no state directory)");
    const auto after = number_param(request, "after", 0);
    const auto limit = number_param(request, "limit", kDefaultLimit);
    if (!after || !limit || *limit == 0 || *limit > kMaxLimit)
        return error_response(400,
                              "after must be a sequence number and limit a number from 1 to 10000");
    const auto page =
        audit::read_audit_after(sources.audit_log, *after, static_cast<std::size_t>(*limit));
    if (!page)
        return error_response(500, "the audit log cannot be read: " + page.error().message());
    if (request.param("format") == std::string_view("jsonl")) {
        std::string body;
        for (const std::string& line : page->lines) body.append(line).push_back('\n');
        ApiResponse response = text_response(std::move(body), "application/x-ndjson");
        return response;
    }
    boost::json::array records;
    for (const std::string& line : page->lines) records.push_back(boost::json::parse(line));
    return json_response(boost::json::object{
        {"records", std::move(records)}, {"last_seq", page->last_seq}, {"more", page->has_more}});
}

}  // namespace

void add_audit_route(ApiRouter& router, const ApiSources& sources) {
    router.add({"GET", "/api/v1/audit", Access::any_role,
                [&sources](const ApiRequest& request) { return audit_page(sources, request); }});
}

}  // namespace roja::api
