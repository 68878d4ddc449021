#include "daemon/ctl/probe_targets.hpp"

#include <random>

#include "filter/list_parser.hpp"

namespace roja::ctl {

namespace {

class TargetSink final : public filter::EntrySink {
  public:
    TargetSink(ProbeTargets& out, std::string_view list, std::string_view now)
        : out_(out), list_(list), now_(now) {}

    void on_entry(const filter::ListEntry& entry) override {
        const bool is_name =
            entry.type == filter::EntryType::domain || entry.type == filter::EntryType::exact;
        const bool is_url = entry.type == filter::EntryType::url;
        if (!is_name && !is_url) {
            ++out_.not_names[static_cast<std::size_t>(entry.type)];
        } else if (entry.disposition == filter::Disposition::allow) {
            ++out_.allow;
        } else if (!entry.fields.effective_from.empty() && entry.fields.effective_from > now_) {
            ++out_.not_yet_effective;
        } else if (!entry.fields.expires.empty() && entry.fields.expires <= now_) {
            ++out_.expired;
        } else {
            (is_url ? out_.urls : out_.names)
                .push_back({std::string(entry.value), std::string(list_),
                            std::string(entry.fields.id), std::string(entry.fields.authority),
                            std::string(entry.fields.decision)});
        }
    }

  private:
    ProbeTargets& out_;
    std::string_view list_;
    std::string_view now_;
};

}  // namespace

ProbeTargets collect_probe_targets(const std::vector<PublishedPayload>& payloads,
                                   std::string_view now_utc) {
    ProbeTargets targets;
    for (const PublishedPayload& payload : payloads) {
        TargetSink sink(targets, payload.list.id, now_utc);
        const auto format = payload.list.format == filter::FeedListFormat::csv
                                ? filter::ListFormat::csv
                                : filter::ListFormat::plain;
        filter::parse_list(format, payload.bytes, payload.list.id, sink);
    }
    return targets;
}

std::vector<ProbeTarget> sample_targets(std::vector<ProbeTarget> all, std::size_t size,
                                        std::uint64_t seed) {
    if (size == 0 || size > all.size()) size = all.size();
    std::mt19937_64 random(seed);
    for (std::size_t i = 0; i < size; ++i) {
        const std::size_t j = i + static_cast<std::size_t>(random() % (all.size() - i));
        std::swap(all[i], all[j]);
    }
    all.resize(size);
    return all;
}

}  // namespace roja::ctl
