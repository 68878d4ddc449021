#include "filter/whole_host_sink.hpp"

#include <algorithm>

namespace roja::filter {

WholeHostSink::WholeHostSink(EntrySink& next, const std::vector<std::string>& authorities,
                             std::string_view list_authority, const NeverBlock* never_block)
    : next_(next),
      authorities_(authorities),
      list_authority_(list_authority),
      never_block_(never_block) {}

std::string_view url_entry_host(std::string_view url) noexcept {
    std::string_view host = url.substr(0, url.find_first_of("/?"));
    if (host.starts_with('[')) return {};
    return host.substr(0, host.find(':'));
}

void WholeHostSink::on_entry(const ListEntry& entry) {
    next_.on_entry(entry);
    if (entry.type != EntryType::url || entry.disposition != Disposition::block ||
        authorities_.empty())
        return;
    const std::string_view authority =
        entry.fields.authority.empty() ? std::string_view(list_authority_) : entry.fields.authority;
    if (std::find(authorities_.begin(), authorities_.end(), authority) == authorities_.end())
        return;
    ListEntry host = entry;
    host.type = EntryType::exact;
    host.value = url_entry_host(entry.value);
    if (host.value.empty()) return;
    if (never_block_ && never_block_->conflict(host)) return;
    ++derived_;
    next_.on_entry(host);
}

}  // namespace roja::filter
