#include "daemon/server/feed_lists.hpp"

#include "filter/list_parser.hpp"
#include "filter/whole_host_sink.hpp"

namespace roja::server {

namespace {

using filter::FeedError;

// Sits between the parser and the policy: counts every entry (the manifest's count) and keeps
// never-block conflicts out of the policy.
class GuardedSink final : public filter::EntrySink {
  public:
    GuardedSink(filter::EntrySink& next, const filter::NeverBlock& never_block, FeedListLoad& load)
        : next_(next), never_block_(never_block), load_(load) {}

    void on_entry(const filter::ListEntry& entry) override {
        ++load_.entries;
        if (const auto conflict = never_block_.conflict(entry)) {
            if (load_.rejected.size() < kRejectedEntriesKept)
                load_.rejected.push_back(
                    {std::string(entry.value), std::string(*conflict), entry.line});
            ++load_.never_blocked;
            return;
        }
        next_.on_entry(entry);
    }

  private:
    filter::EntrySink& next_;
    const filter::NeverBlock& never_block_;
    FeedListLoad& load_;
};

filter::ListInfo feed_list_info(const config::FeedConfig& config, const filter::FeedList& list) {
    filter::ListInfo info;
    info.id = config.id + "/" + list.id;
    info.authority = list.authority;
    info.title = list.title.empty() ? list.id : list.title;
    info.action =
        static_cast<filter::BlockAction>(config.action);  // same order: see config_enums.hpp
    info.reason = static_cast<filter::ReasonClass>(config.reason);
    info.has_records = list.format == filter::FeedListFormat::csv;
    return info;
}

}  // namespace

filter::FeedResult<std::vector<FeedListLoad>> add_feed_lists(
    const FeedInput& feed, const filter::NeverBlock& never_block,
    const std::vector<std::string>& whole_host_authorities, filter::PolicyBuilder& builder,
    std::vector<std::pair<std::string, filter::ListIndex>>& owners) {
    std::vector<FeedListLoad> loads;
    if (!feed.version) return loads;
    for (const filter::FeedList& list : feed.version->verified.manifest.lists) {
        const std::string* payload = feed.version->payload(list);
        if (!payload)
            return filter::feed_problem(FeedError::malformed_payload,
                                        "list " + list.id + ": payload missing");
        const filter::ListIndex index = builder.add_list(feed_list_info(*feed.config, list));
        owners.emplace_back(feed.config->id, index);
        FeedListLoad load;
        load.feed_id = feed.config->id;
        load.list_id = list.id;
        filter::ListLoader loader = builder.loader(index);
        filter::WholeHostSink whole_hosts(loader, whole_host_authorities, list.authority,
                                          &never_block);
        GuardedSink sink(whole_hosts, never_block, load);
        const auto format = list.format == filter::FeedListFormat::csv ? filter::ListFormat::csv
                                                                       : filter::ListFormat::plain;
        const auto report = filter::parse_list(format, *payload, list.id, sink);
        if (report.failed())
            return filter::feed_problem(
                FeedError::malformed_payload,
                "list " + list.id + ": " +
                    (report.errors().empty() ? "cannot be parsed"
                                             : report.errors().front().reason));
        if (load.entries != list.entries)
            return filter::feed_problem(FeedError::entry_count_mismatch,
                                        "list " + list.id + ": " + std::to_string(load.entries) +
                                            " entries, the manifest says " +
                                            std::to_string(list.entries));
        load.loaded = loader.loaded();
        load.invalid = report.invalid();
        loads.push_back(std::move(load));
    }
    return loads;
}

}  // namespace roja::server
