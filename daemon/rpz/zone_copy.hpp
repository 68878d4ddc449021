// The secondary's copy of a zone taken from a primary: its SOA and every other record, keyed by
// owner, type and RDATA (what an IXFR deletion names; RFC 1995 §4), so a difference applies in
// place. Changes can be undone, so a difference that fails half-way leaves the copy as it was.
// Written out as zone text that filter/rpz_list reads, and read back from it at start-up.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/rpz/xfr_response.hpp"
#include "filter/result.hpp"

namespace roja::rpz {

struct ZoneSoa {
    std::uint32_t ttl = 0;
    std::string rdata;  // zone-file text
    SoaFields fields;
};

class ZoneCopy {
  public:
    using UndoLog = std::vector<std::pair<std::string, std::optional<std::uint32_t>>>;

    explicit ZoneCopy(std::string apex) : apex_(std::move(apex)) {}

    const std::string& apex() const noexcept { return apex_; }  // canonical
    const std::optional<ZoneSoa>& soa() const noexcept { return soa_; }
    void set_soa(const ResponseRecord& soa);
    std::size_t size() const noexcept { return records_.size(); }

    // Each change notes in `undo` how to take it back.
    void add(const ResponseRecord& record, UndoLog& undo);
    // False when the copy has no such record (owner, type and RDATA).
    bool remove(const ResponseRecord& record, UndoLog& undo);
    void undo(UndoLog& undo);

    std::string zone_text() const;
    // Our own zone_text() back; an error for anything else (the file is then not trusted).
    static Result<ZoneCopy> from_zone_text(std::string apex, std::string_view text);

  private:
    static std::string key_of(const ResponseRecord& record);

    std::string apex_;
    std::optional<ZoneSoa> soa_;
    std::map<std::string, std::uint32_t> records_;  // "owner.\tTYPE\trdata" -> TTL
};

}  // namespace roja::rpz
