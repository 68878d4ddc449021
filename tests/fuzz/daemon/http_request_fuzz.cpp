// Fuzzes what the warning page and the HTTP filter do with a request's bytes: Beast's parser
// under the listeners' limits, the framing checks, the Host and URL normalisers, Accept-Language,
// and the rendered page. Invariants: nothing crashes, and no page ever contains a raw '<' that
// came from the request (every Host that renders is a plain host name).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/http/host_header.hpp"
#include "daemon/http/language.hpp"
#include "daemon/http/request_framing.hpp"
#include "daemon/http/request_url.hpp"
#include "daemon/http/warning_page.hpp"
#include "filter/list_parser.hpp"
#include "filter/policy_builder.hpp"

namespace {

namespace bhttp = boost::beast::http;
using namespace roja;

std::shared_ptr<const filter::Policy> fuzz_policy() {
    filter::PolicyBuilder builder;
    filter::ListInfo info;
    info.id = "orders";
    info.has_records = true;
    const auto list = builder.add_list(info);
    filter::ListLoader loader = builder.loader(list);
    filter::parse_list(
        filter::ListFormat::csv,
        "id,type,value,authority,decision,decision_date,legal_basis,category,effective_from,"
        "expires\n"
        "a,domain,casino.test,AKEP,1/2025,2025-01-01,Law,gambling,2025-01-01,\n"
        "b,url,news.test/secret,AKEP,2/2025,2025-01-01,Law,child-protection,2025-01-01,\n",
        "orders.csv", loader);
    filter::ClientGroup group;
    group.name = "default";
    group.lists.set(list);
    group.url_filter = true;
    builder.set_default_group(group);
    return std::move(builder).build();
}

// '<' in a page outside the template's own markup would mean a value went out unescaped: the
// template's tags all start "<" + letter, "/" or "!"; an escaped value never has '<' at all.
void check_no_injected_markup(const std::string& body) {
    for (std::size_t at = body.find('<'); at != std::string::npos; at = body.find('<', at + 1)) {
        const char next = at + 1 < body.size() ? body[at + 1] : '\0';
        const bool is_tag = (next >= 'a' && next <= 'z') || next == '/' || next == '!';
        if (!is_tag) std::abort();
    }
    if (body.find("<script") != std::string::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto policy = fuzz_policy();
    static const http::WarningPage page(http::OperatorInfo{}, http::WarningTemplates::builtin());
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(8192);
    parser.body_limit(65536);
    parser.eager(true);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec && ec != bhttp::error::need_more) return 0;
    if (!parser.is_header_done()) return 0;
    const auto& request = parser.get();
    (void)http::framing_problem(request);
    const std::string_view host = request[bhttp::field::host];
    (void)http::parse_host_header(host);
    (void)http::choose_language(request[bhttp::field::accept_language]);
    http::RequestUrlReader reader;
    http::RequestUrl url;
    if (reader.read(host, request.target(), url).empty()) {
        if (url.host_key.empty() || !url.path_and_query.starts_with('/')) std::abort();
        (void)policy->decide_url(url.host_key, url.path_and_query, 0);
    }
    http::PageResponse response;
    page.respond(*policy, {host, request[bhttp::field::accept_language], {}, {}}, response);
    if (response.status != 400) check_no_injected_markup(response.body);
    return 0;
}
