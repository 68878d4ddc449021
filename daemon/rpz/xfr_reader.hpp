// Reads the answer records of a zone transfer, message by message, into what it means
// (RFC 5936 §2.2, RFC 1995 §4), without any I/O (so it is unit-tested and fuzzed alone):
//   the first record is the zone's SOA (the primary's serial);
//   IXFR answered with that SOA alone: we are current, or the primary wants an AXFR;
//   then an SOA with our serial: differences follow (old SOA, deletions, new SOA, additions,
//   repeated), until the primary's SOA again;
//   anything else: the whole zone follows (AXFR, or IXFR condensed to it), until the SOA again.
// The closing SOA must end a message. Records past max_records stop the transfer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/rpz/xfr_failure.hpp"
#include "daemon/rpz/zone_copy.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

enum class XfrShape { unknown, up_to_date, needs_axfr, full, incremental };

struct ZoneChange {
    bool is_addition = false;
    ResponseRecord record;
};

class XfrReader {
  public:
    // `current`: the serial we hold when we asked for IXFR (none for AXFR).
    XfrReader(std::string apex, std::optional<std::uint32_t> current, std::uint64_t max_records)
        : apex_(std::move(apex)), current_(current), max_records_(max_records), zone_(apex_) {}

    // One message's answer records; true once the transfer is complete.
    Result<bool> take(std::vector<ResponseRecord>& answers);

    XfrShape shape() const noexcept { return shape_; }
    bool has_soa() const noexcept { return first_soa_.has_value(); }
    const ResponseRecord& soa() const noexcept { return *first_soa_; }  // after the first take
    std::uint32_t serial() const noexcept { return first_soa_->soa->fields.serial; }
    ZoneCopy& full_zone() noexcept { return zone_; }  // shape full
    const std::vector<ZoneChange>& changes() const noexcept { return changes_; }

  private:
    enum class Step { first_soa, second, zone, old_soa, deletions, additions, done };
    Result<void> take_one(ResponseRecord& record);
    Result<void> take_second(ResponseRecord& record);
    Result<void> take_difference(ResponseRecord& record);
    bool is_in_zone(const std::string& owner) const;
    Result<void> count_record();

    std::string apex_;
    std::optional<std::uint32_t> current_;
    std::uint64_t max_records_;
    Step step_ = Step::first_soa;
    XfrShape shape_ = XfrShape::unknown;
    std::optional<ResponseRecord> first_soa_;
    std::uint32_t diff_serial_ = 0;  // the serial the differences have reached
    std::uint64_t records_ = 0;
    ZoneCopy zone_;
    ZoneCopy::UndoLog scratch_;  // a full zone needs no undo
    std::vector<ZoneChange> changes_;
};

}  // namespace roja::rpz
