#include "filter/record_store.hpp"

#include <algorithm>

namespace roja::filter {

namespace {
constexpr std::size_t kMaxField = 0xffff;
}

std::uint32_t RecordStore::intern(std::string_view text, bool share) {
    if (share) {
        if (auto it = interned_.find(std::string(text)); it != interned_.end()) return it->second;
    }
    const auto offset = static_cast<std::uint32_t>(arena_.size());
    arena_.append(text);
    if (share) interned_.emplace(std::string(text), offset);
    return offset;
}

RecordIndex RecordStore::add(const EntryFields& fields, std::uint32_t line) {
    const std::array<std::string_view, kFields> texts{
        fields.id,          fields.authority, fields.decision,       fields.decision_date,
        fields.legal_basis, fields.category,  fields.effective_from, fields.expires};
    Packed packed{};
    for (std::size_t i = 0; i < kFields; ++i) {
        const std::string_view text = texts[i].substr(0, kMaxField);
        // Ids are unique per entry: interning them would only grow the table.
        packed.offset[i] = text.empty() ? 0 : intern(text, i != 0);
        packed.length[i] = static_cast<std::uint16_t>(text.size());
    }
    packed.line = line;
    records_.push_back(packed);
    return static_cast<RecordIndex>(records_.size() - 1);
}

void RecordStore::seal() {
    interned_ = {};
    arena_.shrink_to_fit();
    records_.shrink_to_fit();
}

EntryRecord RecordStore::get(RecordIndex index) const noexcept {
    const Packed& p = records_[index];
    auto field = [&](std::size_t i) {
        return std::string_view(arena_.data() + p.offset[i], p.length[i]);
    };
    return {field(0), field(1), field(2), field(3), field(4), field(5), field(6), field(7), p.line};
}

std::size_t RecordStore::memory_bytes() const noexcept {
    return records_.capacity() * sizeof(Packed) + arena_.capacity();
}

}  // namespace roja::filter
