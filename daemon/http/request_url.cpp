#include "daemon/http/request_url.hpp"

#include <boost/url/parse.hpp>

namespace roja::http {

std::string_view RequestUrlReader::read(std::string_view host, std::string_view target,
                                        RequestUrl& out) {
    joined_.clear();
    if (target.starts_with('/')) {
        const auto origin = boost::urls::parse_origin_form(target);
        if (!origin) return "a malformed request-target";
        joined_.append("http://").append(host).append(target);
    } else {
        const auto absolute = boost::urls::parse_absolute_uri(target);
        if (!absolute || !absolute->has_authority()) return "a request-target that is not a URL";
        joined_.assign(target);
    }
    const std::string_view problem = normalizer_.normalize(joined_, out.text);
    if (!problem.empty()) return problem;
    const std::string_view text = out.text;
    const auto slash = text.find('/');
    out.host_key = text.substr(0, slash);
    out.path_and_query =
        slash == std::string_view::npos ? std::string_view("/") : text.substr(slash);
    return {};
}

}  // namespace roja::http
