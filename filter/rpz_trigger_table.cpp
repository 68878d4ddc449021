// RpzTriggerTable: pairs `name` with `*.name` and turns each trigger into list entries.
#include "filter/rpz_trigger_table.hpp"

#include <algorithm>
#include <functional>
#include <span>

namespace roja::filter {

namespace {

using boost::asio::ip::address;

void emit_entry(EntrySink& sink, ParseReport& report, EntryType type, RpzPolicy policy,
                std::string_view name, std::uint32_t line, std::span<const address> local_data,
                bool subdomains_only = false) {
    ListEntry entry;
    entry.type = type;
    entry.subdomains_only = subdomains_only;
    entry.disposition = policy.disposition;
    entry.action = policy.action;
    entry.value = name;
    entry.line = line;
    entry.local_data = local_data;
    report.count(entry);
    sink.on_entry(entry);
}

}  // namespace

RpzTriggerTable::Owner& RpzTriggerTable::owner_for(std::string_view name) {
    if (2 * (owners_.size() + 1) > index_.size()) grow_index();
    const std::size_t mask = index_.size() - 1;
    for (std::size_t pos = std::hash<std::string_view>{}(name)&mask;; pos = (pos + 1) & mask) {
        const std::uint32_t slot = index_[pos];
        if (slot == 0) {
            Owner& owner = owners_.emplace_back();
            owner.name_offset = static_cast<std::uint32_t>(names_.size());
            owner.name_size = static_cast<std::uint32_t>(name.size());
            names_.append(name);
            index_[pos] = static_cast<std::uint32_t>(owners_.size());
            return owner;
        }
        if (name_of(owners_[slot - 1]) == name) return owners_[slot - 1];
    }
}

void RpzTriggerTable::grow_index() {
    const std::size_t size = std::max<std::size_t>(1024, 2 * index_.size());
    index_.assign(size, 0);
    for (std::size_t i = 0; i < owners_.size(); ++i) {
        std::size_t pos = std::hash<std::string_view>{}(name_of(owners_[i])) & (size - 1);
        while (index_[pos] != 0) pos = (pos + 1) & (size - 1);
        index_[pos] = static_cast<std::uint32_t>(i + 1);
    }
}

void RpzTriggerTable::append_address(Slot& slot, const address& value) {
    const auto index = static_cast<std::uint32_t>(addresses_.size());
    addresses_.push_back({value, kNone});
    if (slot.last_address == kNone) {
        slot.first_address = index;
    } else {
        addresses_[slot.last_address].next = index;
    }
    slot.last_address = index;
}

void RpzTriggerTable::gather(const Slot& slot, std::vector<address>& out) const {
    out.clear();
    for (auto i = slot.first_address; i != kNone; i = addresses_[i].next)
        out.push_back(addresses_[i].value);
    // Repeated A records are one address; sorting also makes the name / *.name comparison exact.
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

void RpzTriggerTable::add(std::string_view name, bool wildcard, const RpzRecordPolicy& record,
                          std::uint32_t line, ParseReport& report) {
    Owner& owner = owner_for(name);
    Slot& slot = wildcard ? owner.wildcard : owner.exact;
    if (slot.line == 0) {
        slot.line = line;
        slot.policy = record.policy;
    } else if (slot.policy != record.policy) {
        report.count_invalid(line, "conflicting RPZ records for '" +
                                       std::string(wildcard ? "*." : "") + std::string(name) +
                                       "' (first on line " + std::to_string(slot.line) + ")");
        return;
    } else if (!record.address) {
        report.count_skipped();  // the same action written twice
        return;
    }
    if (record.address) append_address(slot, *record.address);
}

void RpzTriggerTable::emit(EntrySink& sink, ParseReport& report) const {
    std::vector<address> exact_data;
    std::vector<address> wildcard_data;
    for (const Owner& owner : owners_) {
        gather(owner.exact, exact_data);
        gather(owner.wildcard, wildcard_data);
        const bool has_exact = owner.exact.line != 0;
        const bool has_wildcard = owner.wildcard.line != 0;
        if (has_exact && has_wildcard && owner.exact.policy == owner.wildcard.policy &&
            exact_data == wildcard_data) {
            emit_entry(sink, report, EntryType::domain, owner.exact.policy, name_of(owner),
                       owner.exact.line, exact_data);
            continue;
        }
        if (has_exact)
            emit_entry(sink, report, EntryType::exact, owner.exact.policy, name_of(owner),
                       owner.exact.line, exact_data);
        if (!has_wildcard) continue;
        // `*.name` says nothing about `name` itself: the entry covers the names below only.
        emit_entry(sink, report, EntryType::domain, owner.wildcard.policy, name_of(owner),
                   owner.wildcard.line, wildcard_data, true);
    }
}

}  // namespace roja::filter
