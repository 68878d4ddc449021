// The side table of entries that carry their own action (RPZ's NXDOMAIN/NODATA/DROP/local data):
// only those entries pay for it; every other entry uses its list's action.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "filter/list_entry.hpp"
#include "filter/rule_set.hpp"
#include "filter/verdict.hpp"

namespace roja::filter {

class EntryActions {
  public:
    // Build time: returns a pending row, valid until seal(). `action` is not list_default.
    std::uint32_t add(ListIndex list, RecordIndex record, EntryAction action);
    // Build time: more redirect addresses for a pending row (one RPZ owner name, several lines).
    void add_local_data(std::uint32_t pending_row,
                        std::span<const boost::asio::ip::address> addresses);
    // Sorts the rows for lookup; pending row numbers are void afterwards.
    void seal();

    // The row for (list, record), or kNoEntryAction.
    std::uint32_t find(ListIndex list, RecordIndex record) const noexcept;
    BlockAction action(std::uint32_t row) const noexcept { return rows_[row].action; }
    std::span<const boost::asio::ip::address> local_data(std::uint32_t row) const noexcept;

    std::size_t size() const noexcept { return rows_.size(); }
    std::size_t memory_bytes() const noexcept;

  private:
    struct Row {
        ListIndex list;
        BlockAction action;
        RecordIndex record;
        std::uint32_t data_begin;
        std::uint32_t data_count;
    };
    std::vector<Row> rows_;
    std::vector<boost::asio::ip::address> data_;
    std::vector<std::vector<boost::asio::ip::address>> pending_data_;  // per pending row
};

BlockAction to_block_action(EntryAction action) noexcept;

}  // namespace roja::filter
