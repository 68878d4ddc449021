#include "daemon/api/api_message.hpp"

#include <boost/json/serialize.hpp>

namespace roja::api {

ApiResponse json_response(const boost::json::value& value, unsigned status) {
    ApiResponse response;
    response.status = status;
    response.body = boost::json::serialize(value);
    response.body.push_back('\n');
    return response;
}

ApiResponse text_response(std::string body, std::string content_type, unsigned status) {
    ApiResponse response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

ApiResponse error_response(unsigned status, std::string_view message) {
    return json_response(boost::json::object{{"error", message}, {"status", status}}, status);
}

}  // namespace roja::api
