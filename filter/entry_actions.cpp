#include "filter/entry_actions.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace roja::filter {

BlockAction to_block_action(EntryAction action) noexcept {
    switch (action) {
        case EntryAction::nxdomain:
            return BlockAction::nxdomain;
        case EntryAction::nodata:
            return BlockAction::nodata;
        case EntryAction::redirect:
            return BlockAction::redirect;
        case EntryAction::refuse:
            return BlockAction::refuse;
        case EntryAction::list_default:
            break;
    }
    return BlockAction::nodata;
}

std::uint32_t EntryActions::add(ListIndex list, RecordIndex record, EntryAction action) {
    rows_.push_back({list, to_block_action(action), record, 0, 0});
    pending_data_.emplace_back();
    return static_cast<std::uint32_t>(rows_.size() - 1);
}

void EntryActions::add_local_data(std::uint32_t pending_row,
                                  std::span<const boost::asio::ip::address> addresses) {
    auto& data = pending_data_[pending_row];
    data.insert(data.end(), addresses.begin(), addresses.end());
}

void EntryActions::seal() {
    std::vector<std::uint32_t> order(rows_.size());
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [this](std::uint32_t a, std::uint32_t b) {
        return std::tie(rows_[a].list, rows_[a].record) < std::tie(rows_[b].list, rows_[b].record);
    });
    std::vector<Row> rows;
    rows.reserve(rows_.size());
    for (const std::uint32_t i : order) {
        Row row = rows_[i];
        row.data_begin = static_cast<std::uint32_t>(data_.size());
        row.data_count = static_cast<std::uint32_t>(pending_data_[i].size());
        data_.insert(data_.end(), pending_data_[i].begin(), pending_data_[i].end());
        rows.push_back(row);
    }
    rows_ = std::move(rows);
    pending_data_ = {};
    data_.shrink_to_fit();
}

std::uint32_t EntryActions::find(ListIndex list, RecordIndex record) const noexcept {
    const auto it =
        std::lower_bound(rows_.begin(), rows_.end(), std::pair{list, record},
                         [](const Row& row, const std::pair<ListIndex, RecordIndex>& key) {
                             return std::pair{row.list, row.record} < key;
                         });
    if (it == rows_.end() || it->list != list || it->record != record) return kNoEntryAction;
    return static_cast<std::uint32_t>(it - rows_.begin());
}

std::span<const boost::asio::ip::address> EntryActions::local_data(
    std::uint32_t row) const noexcept {
    if (row >= rows_.size()) return {};
    return {data_.data() + rows_[row].data_begin, rows_[row].data_count};
}

std::size_t EntryActions::memory_bytes() const noexcept {
    return rows_.capacity() * sizeof(Row) + data_.capacity() * sizeof(boost::asio::ip::address);
}

}  // namespace roja::filter
