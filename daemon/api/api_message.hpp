// The admin API's requests and responses as the routes see them: the method, the path, the query
// parameters already decoded, the caller's role; a status, a content type and a body back.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "config/config_enums.hpp"

namespace roja::api {

struct ApiRequest {
    std::string method;  // "GET", "POST"
    std::string path;    // "/api/v1/audit", without the query
    std::map<std::string, std::string, std::less<>>
        query;  // decoded; a repeated key keeps the last
    std::string body;
    std::string authorization;  // the header's value, empty when absent
    std::string accept;         // the Accept header, for CSV where a table is natural
    config::ApiRole role = config::ApiRole::regulator;  // set once authenticated

    std::optional<std::string_view> param(std::string_view key) const {
        const auto found = query.find(key);
        if (found == query.end()) return std::nullopt;
        return std::string_view(found->second);
    }
    // A table asked for as CSV: format=csv, or an Accept header naming text/csv.
    bool wants_csv() const {
        return param("format") == std::string_view("csv") ||
               accept.find("text/csv") != std::string::npos;
    }
};

struct ApiResponse {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string www_authenticate;  // set on 401
    std::vector<std::pair<std::string, std::string>>
        headers;  // any other (Content-Security-Policy)
};

ApiResponse json_response(const boost::json::value& value, unsigned status = 200);
ApiResponse text_response(std::string body, std::string content_type, unsigned status = 200);
// {"error": "...", "status": N}
ApiResponse error_response(unsigned status, std::string_view message);

}  // namespace roja::api
