// What `rojactl probe` asks a resolver about: the name entries (domain and exact) of a verified
// feed version that are in force today, and a seeded random sample of them. No I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/ctl/published_feed.hpp"
#include "filter/list_entry.hpp"

namespace roja::ctl {

struct ProbeTarget {
    std::string name;  // canonical
    std::string list;
    std::string entry_id;
    std::string authority;
    std::string decision;
};

struct ProbeTargets {
    std::vector<ProbeTarget> names;
    std::vector<ProbeTarget> urls;  // URL entries in force (`name` is host/path), for --http
    // Entries a DNS probe cannot test, by type (ip, sni; url ones are in `urls`), and entries
    // left out because they allow, are not yet in force, or have expired.
    std::array<std::size_t, filter::kEntryTypeCount> not_names{};
    std::size_t allow = 0;
    std::size_t not_yet_effective = 0;
    std::size_t expired = 0;
};

// `now_utc` is "YYYY-MM-DDTHH:MM:SSZ": effective-from and expiry dates (ISO 8601, a date or a
// date-time) compare with it as text, which orders them correctly to the day.
ProbeTargets collect_probe_targets(const std::vector<PublishedPayload>& payloads,
                                   std::string_view now_utc);

// The first `size` of a seeded Fisher-Yates shuffle (all when size is 0 or larger than the
// list). mt19937_64 is specified exactly by the standard, and the index is drawn by modulo, so
// the same feed and seed give the same sample on every machine.
std::vector<ProbeTarget> sample_targets(std::vector<ProbeTarget> all, std::size_t size,
                                        std::uint64_t seed);

}  // namespace roja::ctl
