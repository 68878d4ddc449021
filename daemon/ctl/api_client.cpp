#include "daemon/ctl/api_client.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "daemon/feed/fetch_curl.hpp"

namespace roja::ctl {

namespace {

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    if (body->size() > 512u * 1024 * 1024) return 0;  // a runaway answer ends the transfer
    body->append(data, size * count);
    return size * count;
}

std::optional<std::string> read_token(const std::string& file) {
    std::ifstream in(file);
    if (!in) return std::nullopt;
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    return token;
}

}  // namespace

std::optional<std::vector<std::string_view>> take_api_options(
    std::span<const std::string_view> args, ApiTarget& target, std::string& problem) {
    std::vector<std::string_view> rest;
    if (const char* token = std::getenv("ROJA_TOKEN")) target.token = token;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool has_value = i + 1 < args.size();
        if ((args[i] == "--api" || args[i] == "--token-file" || args[i] == "--ca") && !has_value) {
            problem = std::string(args[i]) + " needs a value";
            return std::nullopt;
        }
        if (args[i] == "--api") {
            target.base_url = std::string(args[++i]);
        } else if (args[i] == "--ca") {
            target.ca_file = std::string(args[++i]);
        } else if (args[i] == "--token-file") {
            const auto token = read_token(std::string(args[++i]));
            if (!token) {
                problem = "cannot read the token file " + std::string(args[i]);
                return std::nullopt;
            }
            target.token = *token;
        } else {
            rest.push_back(args[i]);
        }
    }
    while (!target.base_url.empty() && target.base_url.back() == '/') target.base_url.pop_back();
    return rest;
}

ApiReply api_request(const ApiTarget& target, std::string_view method,
                     const std::string& path_and_query) {
    feed::ensure_curl_initialised();
    feed::CurlEasyPtr curl(curl_easy_init());
    ApiReply reply;
    if (!curl) return {0, {}, "curl_easy_init failed"};
    const std::string url = target.base_url + path_and_query;
    const std::string authorization = "Authorization: Bearer " + target.token;
    feed::CurlSlistPtr headers(
        target.token.empty() ? nullptr : curl_slist_append(nullptr, authorization.c_str()));
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, std::string(method).c_str());
    if (method == "POST") curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, "");
    if (headers) curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    if (!target.ca_file.empty())
        curl_easy_setopt(curl.get(), CURLOPT_CAINFO, target.ca_file.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 600L);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
    const CURLcode code = curl_easy_perform(curl.get());
    if (code != CURLE_OK) return {0, {}, std::string(curl_easy_strerror(code)) + " (" + url + ")"};
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
    return out;
}

}  // namespace roja::ctl
