// Field readers and value rules for the feed manifest parser. Each problem is reported as
// "lists[2].sha256: expected 64 lower-case hex digits".
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "filter/feed_problem.hpp"

namespace roja::filter {

// A malformed_manifest problem at `where`.`key` (either may be empty).
FeedProblem malformed(std::string_view where, std::string_view key, std::string_view expected);

FeedResult<void> only_known_keys(const boost::json::object& object, std::string_view where,
                                 std::span<const std::string_view> known);
FeedResult<std::string_view> string_field(const boost::json::object& object, std::string_view where,
                                          std::string_view key);
FeedResult<std::uint64_t> unsigned_field(const boost::json::object& object, std::string_view where,
                                         std::string_view key);

// A value rule: an empty view when `text` is fine, else what was expected.
using TextRule = std::string_view (*)(std::string_view text) noexcept;
FeedResult<std::string_view> checked_string(const boost::json::object& object,
                                            std::string_view where, std::string_view key,
                                            TextRule rule);

std::string_view check_identifier(std::string_view text) noexcept;     // [a-z0-9._-]{1,64}
std::string_view check_authority(std::string_view text) noexcept;      // 1..256, no controls
std::string_view check_title(std::string_view text) noexcept;          // 0..1024, no controls
std::string_view check_relative_path(std::string_view text) noexcept;  // no "..", no leading '/'
std::string_view check_https_url(std::string_view text) noexcept;      // https://...
std::string_view check_sha256(std::string_view text) noexcept;         // 64 lower-case hex

}  // namespace roja::filter
