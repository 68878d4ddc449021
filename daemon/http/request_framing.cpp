#include "daemon/http/request_framing.hpp"

#include <iterator>

namespace roja::http {

namespace {

namespace http = boost::beast::http;

bool iends_with_chunked(std::string_view value) noexcept {
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    const auto comma = value.rfind(',');
    std::string_view last = comma == std::string_view::npos ? value : value.substr(comma + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
    constexpr std::string_view kChunked = "chunked";
    if (last.size() != kChunked.size()) return false;
    for (std::size_t i = 0; i < last.size(); ++i)
        if ((last[i] | 0x20) != kChunked[i]) return false;
    return true;
}

}  // namespace

std::string_view framing_problem(const http::fields& fields) noexcept {
    const auto count = [&](http::field f) {
        const auto range = fields.equal_range(f);
        return std::distance(range.first, range.second);
    };
    const auto transfer_encodings = count(http::field::transfer_encoding);
    const auto content_lengths = count(http::field::content_length);
    if (transfer_encodings > 0 && content_lengths > 0)
        return "Transfer-Encoding with Content-Length";
    if (transfer_encodings > 1) return "more than one Transfer-Encoding";
    if (content_lengths > 1) return "more than one Content-Length";
    if (transfer_encodings == 1 && !iends_with_chunked(fields[http::field::transfer_encoding]))
        return "a Transfer-Encoding that does not end in chunked";
    if (count(http::field::host) > 1) return "more than one Host";
    return {};
}

}  // namespace roja::http
