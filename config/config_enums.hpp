// The config's closed sets of words. Each enum's enumerators are in the same order as its name
// table, so a name's index is the enumerator (the readers rely on that).
#pragma once

#include <array>
#include <string_view>

namespace roja::config {

enum class LogLevel { debug, info, warning, error };
inline constexpr std::array<std::string_view, 4> kLogLevelNames{"debug", "info", "warning",
                                                                "error"};

// What happens to a query from a client outside access.allow.
enum class RefusedAction { refuse, drop };
inline constexpr std::array<std::string_view, 2> kRefusedActionNames{"refuse", "drop"};

// How a blocked name is answered (redirect = A/AAAA to the warning addresses, NODATA otherwise).
// Kept config-level until filter/ has its own verdict action; map it there, not here.
enum class ListAction { redirect, nxdomain, nodata, refuse };
inline constexpr std::array<std::string_view, 4> kListActionNames{"redirect", "nxdomain", "nodata",
                                                                  "refuse"};

// Why a list blocks; selects the RFC 8914 code: censored = 16 (an external authority's order),
// blocked = 15 (the operator's own policy), filtered = 17 (an opt-in filter such as a category).
enum class ReasonClass { censored, blocked, filtered };
inline constexpr std::array<std::string_view, 3> kReasonClassNames{"censored", "blocked",
                                                                   "filtered"};

// What a bearer token of the admin API may do: admin everything, regulator read-only (no reload).
enum class ApiRole { admin, regulator };
inline constexpr std::array<std::string_view, 2> kApiRoleNames{"admin", "regulator"};

// What a client over rate_limit gets (besides the slip's TC=1 answers).
enum class RateLimitAction { drop, refuse };
inline constexpr std::array<std::string_view, 2> kRateLimitActionNames{"drop", "refuse"};

// The record types local_records may hold (docs/configuration.md, `local_records`).
enum class LocalRecordType { a, aaaa, cname, ptr, txt, mx, srv };
inline constexpr std::array<std::string_view, 7> kLocalRecordTypeNames{
    "A", "AAAA", "CNAME", "PTR", "TXT", "MX", "SRV"};

std::string_view to_string(LogLevel level) noexcept;
std::string_view to_string(RefusedAction action) noexcept;
std::string_view to_string(ListAction action) noexcept;
std::string_view to_string(ReasonClass reason) noexcept;

}  // namespace roja::config
