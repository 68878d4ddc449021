// The network's own names (local_records), ready to answer: each owner's records with RDATA
// already in wire form, built at load beside the policy and shared read-only by the workers.
// The answer is a resolver's (AA clear, RA set) and never waits for an upstream.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.hpp"
#include "daemon/wire/query_view.hpp"
#include "filter/local_hosts.hpp"
#include "filter/result.hpp"

namespace roja::server {

class LocalRecords {
  public:
    struct Record {
        std::uint16_t type = 0;
        std::uint32_t ttl = 0;
        std::vector<std::uint8_t> rdata;
    };
    struct Name {
        std::vector<std::uint8_t> wire;  // the owner, uncompressed (for CNAME targets)
        std::vector<Record> records;
        std::string cname_target;  // non-empty: an alias (and then its only record)
        bool override = false;     // answered even where the policy blocks it
    };

    // No allocation (heterogeneous lookup).
    const Name* find(std::string_view qname) const noexcept;
    bool empty() const noexcept { return names_.empty(); }
    std::size_t size() const noexcept { return names_.size(); }
    template <class Visit>
    void for_each(Visit&& visit) const {
        for (const auto& [name, entry] : names_) visit(name, entry);
    }

    // Building (state loader): false when the record cannot join (a CNAME beside other data,
    // or a duplicate), and it is skipped.
    bool add(std::string_view name, Record record, bool override,
             std::string_view cname_target = {});

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, Name, Hash, std::equal_to<>> names_;
};

struct LocalRecordsLoad {
    LocalRecords records;
    std::size_t skipped = 0;  // hosts entries and generated PTRs that conflicted (not added)
};

// The configured records, then the hosts files' (already parsed), then the generated PTRs.
LocalRecordsLoad build_local_records(const config::LocalRecordsConfig& config,
                                     std::span<const filter::LocalHost> hosts);

// The answer for a local name: its records of the asked type (ANY: all), a CNAME followed
// through other local names (at most 8), or NODATA with the synthetic SOA.
Result<std::span<const std::uint8_t>> write_local_answer(std::span<std::uint8_t> out,
                                                         std::size_t limit,
                                                         const wire::QueryView& query,
                                                         const LocalRecords& records,
                                                         const LocalRecords::Name& name) noexcept;

}  // namespace roja::server
