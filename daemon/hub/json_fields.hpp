// Reading a field of a JSON object the hub took from outside (a node's answer, an audit line, a
// probe report): a missing or mistyped field reads as empty, and the caller decides what that
// means, so no outside document can throw.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace roja::hub {

inline std::string text_of(const boost::json::object& object, std::string_view key) {
    const auto* value = object.if_contains(key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace roja::hub
