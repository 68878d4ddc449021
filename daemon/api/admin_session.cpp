#include "daemon/api/admin_session.hpp"

#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

namespace roja::api {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr auto kRequestTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxBody = 64 * 1024;
constexpr std::size_t kMaxHeader = 16 * 1024;
constexpr unsigned kMaxRequestsPerConnection = 1000;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Nothing when the target is not an origin-form URL.
std::optional<ApiRequest> to_api_request(const Request& request) {
    const auto url = boost::urls::parse_origin_form(request.target());
    if (!url) return std::nullopt;
    ApiRequest api;
    api.method = std::string(request.method_string());
    api.path = url->path();
    for (const auto param : url->params())
        api.query[std::string(param.key)] = std::string(param.value);
    api.body = request.body();
    api.authorization = std::string(request[http::field::authorization]);
    api.accept = std::string(request[http::field::accept]);
    return api;
}

Response to_http(const ApiResponse& api, const Request& request) {
    Response response{static_cast<http::status>(api.status), request.version()};
    response.set(http::field::server, "rojad");
    response.set(http::field::content_type, api.content_type);
    response.set(http::field::cache_control, "no-store");
    if (!api.www_authenticate.empty())
        response.set(http::field::www_authenticate, api.www_authenticate);
    for (const auto& [name, value] : api.headers) response.set(name, value);
    response.keep_alive(request.keep_alive());
    response.body() = api.body;
    response.prepare_payload();
    return response;
}

ApiResponse answer(const Request& request, const ApiRouter& router) {
    auto api = to_api_request(request);
    if (!api) return error_response(400, "the request target is not a path with an optional query");
    try {
        return router.dispatch(std::move(*api));
    } catch (const std::exception& e) {  // a route's surprise must not end the listener
        return error_response(500, e.what());
    }
}

template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, const ApiRouter& router) {
    beast::flat_buffer buffer;
    for (unsigned served = 0; served < kMaxRequestsPerConnection; ++served) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(kMaxBody);
        parser.header_limit(kMaxHeader);
        beast::get_lowest_layer(stream).expires_after(kRequestTimeout);
        auto [read_error, read_bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        if (read_error == http::error::body_limit || read_error == http::error::header_limit) {
            Request too_large;
            const Response response = to_http(error_response(413, "request too large"), too_large);
            co_await http::async_write(stream, response, kNoThrow);
            co_return;
        }
        if (read_error) co_return;
        const Request& request = parser.get();
        Response response = to_http(answer(request, router), request);
        auto [write_error, written] = co_await http::async_write(stream, response, kNoThrow);
        if (write_error || !response.keep_alive()) break;
    }
}

}  // namespace

asio::awaitable<void> serve_plain(asio::ip::tcp::socket socket, const ApiRouter& router) {
    beast::tcp_stream stream(std::move(socket));
    co_await serve_requests(stream, router);
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, asio::ssl::context& tls,
                                const ApiRouter& router) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), tls);
    beast::get_lowest_layer(stream).expires_after(kRequestTimeout);
    auto [handshake_error] =
        co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (handshake_error) co_return;
    co_await serve_requests(stream, router);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(kNoThrow);
}

}  // namespace roja::api
