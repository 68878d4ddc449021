#include "daemon/http/page_response.hpp"

#include <string>

namespace roja::http {

namespace bhttp = boost::beast::http;

namespace {

// No script, no external fetch of any kind: the page is its own inline CSS and text.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

void common_headers(Response& response) {
    response.set(bhttp::field::server, "roja");
    response.set(bhttp::field::cache_control, "no-store");
    response.set("X-Content-Type-Options", "nosniff");
}

}  // namespace

Response page_response(PageResponse& page, std::string_view operator_url, unsigned version,
                       bool keep_alive, bool head) {
    Response response{static_cast<bhttp::status>(page.status), version};
    common_headers(response);
    response.set(bhttp::field::content_type, "text/html; charset=utf-8");
    response.set(bhttp::field::content_language, to_string(page.language));
    response.set(bhttp::field::vary, "Accept-Language");
    response.set("Content-Security-Policy", kContentSecurityPolicy);
    response.set("Referrer-Policy", "no-referrer");
    if (page.status == 451 && !operator_url.empty()) {
        std::string link;
        link.reserve(operator_url.size() + 24);
        link.append("<").append(operator_url).append(">; rel=\"blocked-by\"");
        response.set(bhttp::field::link, link);
    }
    response.keep_alive(keep_alive);
    if (head) {
        response.content_length(page.body.size());
    } else {
        response.body() = std::move(page.body);
        response.prepare_payload();
    }
    return response;
}

Response error_response(unsigned status, unsigned version) {
    Response response{static_cast<bhttp::status>(status), version};
    common_headers(response);
    response.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    response.body() = std::string(bhttp::obsolete_reason(static_cast<bhttp::status>(status)));
    response.body().push_back('\n');
    response.keep_alive(false);
    response.prepare_payload();
    return response;
}

}  // namespace roja::http
