#include "filter/never_block.hpp"

namespace roja::filter {

void NeverBlock::add(std::string_view name) {
    const auto [it, is_new] = names_.emplace(name);
    if (!is_new) return;
    for (std::size_t dot = name.find('.'); dot != std::string_view::npos;
         dot = name.find('.', dot + 1))
        parents_.try_emplace(std::string(name.substr(dot + 1)), *it);
}

std::optional<std::string_view> NeverBlock::conflict(const ListEntry& entry) const {
    if (entry.disposition != Disposition::block) return std::nullopt;
    if (entry.type != EntryType::domain && entry.type != EntryType::exact &&
        entry.type != EntryType::sni)
        return std::nullopt;
    const std::string key(entry.value);
    const bool blocks_itself = !(entry.type == EntryType::domain && entry.subdomains_only);
    if (blocks_itself) {
        if (const auto it = names_.find(key); it != names_.end()) return *it;
    }
    if (entry.type != EntryType::domain) return std::nullopt;
    if (const auto it = parents_.find(key); it != parents_.end()) return it->second;
    return std::nullopt;
}

}  // namespace roja::filter
