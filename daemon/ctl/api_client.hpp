// rojactl's side of the admin API (docs/api.md): one request with libcurl to the running rojad,
// with the bearer token from --token-file or $ROJA_TOKEN.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace roja::ctl {

struct ApiTarget {
    std::string base_url = "http://127.0.0.1:8053";  // --api URL
    std::string token;                               // --token-file FILE, else $ROJA_TOKEN
    std::string ca_file;                             // --ca FILE: the admin listener's certificate
};

struct ApiReply {
    long status = 0;  // 0: no answer (the error says why)
    std::string body;
    std::string error;
};

// Takes --api, --token-file and --ca out of `args` (the rest is returned); nullopt and a message
// in `problem` on a bad one.
std::optional<std::vector<std::string_view>> take_api_options(
    std::span<const std::string_view> args, ApiTarget& target, std::string& problem);

ApiReply api_request(const ApiTarget& target, std::string_view method,
                     const std::string& path_and_query);

// "a b" → "a%20b": for query parameter values.
std::string url_encode(std::string_view text);

}  // namespace roja::ctl
