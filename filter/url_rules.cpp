#include "filter/url_rules.hpp"

#include <algorithm>

#include <boost/system/errc.hpp>

namespace roja::filter {

bool url_path_matches(std::string_view entry_path, std::string_view request_path) noexcept {
    if (!request_path.starts_with(entry_path)) return false;
    if (request_path.size() == entry_path.size() || entry_path.ends_with('/')) return true;
    const char next = request_path[entry_path.size()];
    if (next == '/' || next == '?') return true;
    return next == '&' && entry_path.find('?') != std::string_view::npos;
}

std::pair<std::size_t, std::size_t> UrlRules::host_range(std::string_view host) const noexcept {
    const auto less = [this](const Entry& e, std::string_view h) { return host_of(e) < h; };
    const auto first = std::lower_bound(entries_.begin(), entries_.end(), host, less);
    auto last = first;
    while (last != entries_.end() && host_of(*last) == host) ++last;
    return {static_cast<std::size_t>(first - entries_.begin()),
            static_cast<std::size_t>(last - entries_.begin())};
}

std::size_t UrlRules::memory_bytes() const noexcept {
    return entries_.capacity() * sizeof(Entry) + arena_.capacity() + sizeof(*this);
}

Result<void> UrlRulesBuilder::add(std::string_view host_and_path, Disposition disposition,
                                  ListIndex list, RecordIndex record) {
    const auto cut = host_and_path.find_first_of("/?");
    const std::string_view host = host_and_path.substr(0, cut);
    std::string_view path = cut == std::string_view::npos ? "/" : host_and_path.substr(cut);
    std::string with_slash;
    if (path.front() == '?') {  // "host?q" is the root path with a query
        // Built by append: GCC 12's -Wrestrict misfires on "/" + std::string at -O3.
        with_slash.reserve(path.size() + 1);
        with_slash.push_back('/');
        with_slash.append(path);
        path = with_slash;
    }
    constexpr std::size_t kMaxPart = 0xffff;
    if (host.empty() || host.size() > kMaxPart || path.size() > kMaxPart)
        return make_error_code(boost::system::errc::invalid_argument);
    auto& arena = rules_.arena_;
    const auto host_offset = static_cast<std::uint32_t>(arena.size());
    arena.append(host);
    const auto path_offset = static_cast<std::uint32_t>(arena.size());
    arena.append(path);
    rules_.entries_.push_back({host_offset, path_offset, static_cast<std::uint16_t>(host.size()),
                               static_cast<std::uint16_t>(path.size()), list, disposition, record});
    return {};
}

UrlRules UrlRulesBuilder::build() && {
    UrlRules rules = std::move(rules_);
    std::stable_sort(rules.entries_.begin(), rules.entries_.end(),
                     [&rules](const UrlRules::Entry& a, const UrlRules::Entry& b) {
                         const auto ha = rules.host_of(a), hb = rules.host_of(b);
                         if (ha != hb) return ha < hb;
                         return rules.path_of(a) < rules.path_of(b);
                     });
    rules.entries_.shrink_to_fit();
    rules.arena_.shrink_to_fit();
    return rules;
}

}  // namespace roja::filter
