#include "daemon/hub/node_poll.hpp"

#include <algorithm>

#include "daemon/hub/alarm_book.hpp"
#include "daemon/hub/audit_store.hpp"
#include "daemon/hub/hub_counters.hpp"
#include "daemon/hub/node_answers.hpp"

namespace roja::hub {

namespace {

constexpr std::size_t kPageLines = 1000;
constexpr int kMaxPagesPerPoll = 100;  // 100,000 records; the rest next poll

struct Poll {
    const NodeTarget& node;
    sqlite3* db;
    std::int64_t now;
    const std::atomic<bool>* cancel;
    PollOutcome outcome;
    std::string status_json;
    bool is_degraded = false;
    const std::string& id() const { return node.config.id; }
    NodeReply get(const std::string& path) const { return node_get(node.endpoint, path, cancel); }
};

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool fail(Poll& poll, std::string step, std::string why) {
    poll.outcome.error = std::move(step) + ": " + std::move(why);
    return false;
}

bool poll_status(Poll& poll) {
    const NodeReply reply = poll.get("/api/v1/status");
    if (!reply.is_ok()) return fail(poll, "status", reply.describe());
    const auto status = read_status(reply.body);
    if (!status) return fail(poll, "status", status.error());
    poll.status_json = reply.body;
    poll.is_degraded = status->is_degraded;
    set_alarm(poll.db, poll.id(), AlarmKind::degraded, status->is_degraded,
              "the node reports degraded enforcement: " + status->degraded_feeds, poll.now);
    return true;
}

// One page; false when the poll should stop (an error, a break, or the last page).
bool poll_audit_page(Poll& poll, bool& is_last) {
    const auto tail = stored_tail(poll.db, poll.id());
    if (!tail) return fail(poll, "audit", "the hub's store: " + tail.error().message());
    const NodeReply reply =
        poll.get("/api/v1/audit?format=jsonl&limit=" + std::to_string(kPageLines) +
                 "&after=" + std::to_string(page_after(*tail)));
    if (!reply.is_ok()) return fail(poll, "audit", reply.describe());
    const AuditIntake page = take_audit_page(reply.body, *tail, poll.node.checkpoint_key.get());
    if (page.broken) {
        store_chain_state(poll.db, poll.id(), false, *page.broken);
        raise(poll.db, poll.id(), AlarmKind::chain_broken, "", *page.broken, poll.now);
        return true;  // the node answered; what it says is the alarm, not a failed poll
    }
    if (auto stored = store_audit_page(poll.db, poll.id(), page, poll.now); !stored)
        return fail(poll, "audit", "the hub's store: " + stored.error().message());
    store_chain_state(poll.db, poll.id(), true, "");
    clear(poll.db, poll.id(), AlarmKind::chain_broken, "", poll.now);
    poll.outcome.new_records += page.records.size();
    hub_counters().audit_records.fetch_add(page.records.size(), std::memory_order_relaxed);
    is_last = count_lines(reply.body) < kPageLines;
    return true;
}

bool poll_audit(Poll& poll) {
    for (int page = 0; page < kMaxPagesPerPoll; ++page) {
        bool is_last = true;
        if (!poll_audit_page(poll, is_last)) return false;
        if (is_last) return true;
    }
    return true;
}

bool poll_confirmations(Poll& poll) {
    const auto versions = versions_to_confirm(poll.db, poll.id());
    if (!versions) return fail(poll, "confirmation", versions.error().message());
    for (const FeedSerial& version : *versions) {
        const NodeReply reply = poll.get("/api/v1/confirmation?feed=" + version.feed +
                                         "&serial=" + std::to_string(version.serial));
        if (reply.status == 404) continue;  // the node's log no longer names it
        if (!reply.is_ok()) return fail(poll, "confirmation", reply.describe());
        const auto confirmation = read_confirmation(reply.body, version);
        if (!confirmation) return fail(poll, "confirmation", confirmation.error());
        if (auto stored = store_confirmation(poll.db, poll.id(), *confirmation); !stored)
            return fail(poll, "confirmation", stored.error().message());
    }
    return true;
}

bool poll_hits(Poll& poll) {
    const auto day = last_hit_day(poll.db, poll.id());
    if (!day) return fail(poll, "hits", day.error().message());
    const NodeReply reply =
        poll.get("/api/v1/hits?by=day&sketches=1" + (day->empty() ? "" : "&from=" + *day));
    if (reply.status == 503) return true;  // the node keeps no hit statistics
    if (!reply.is_ok()) return fail(poll, "hits", reply.describe());
    const auto rows = read_day_hits(reply.body);
    if (!rows) return fail(poll, "hits", rows.error());
    if (auto stored = store_day_hits(poll.db, poll.id(), *rows); !stored)
        return fail(poll, "hits", stored.error().message());
    return true;
}

}  // namespace

PollOutcome poll_node(const NodeTarget& node, sqlite3* db, std::int64_t now,
                      const std::atomic<bool>* cancel) {
    Poll poll{node, db, now, cancel, {}, {}, false};
    const bool is_done =
        poll_status(poll) && poll_audit(poll) && poll_confirmations(poll) && poll_hits(poll);
    if (cancel && cancel->load()) return std::move(poll.outcome);  // stopping: not the node's fault
    store_poll_result(db, node.config.id,
                      {now, poll.outcome.error, poll.status_json, poll.is_degraded});
    set_alarm(db, node.config.id, AlarmKind::poll_failed, !is_done, poll.outcome.error, now);
    auto& counter = is_done ? hub_counters().polls_ok : hub_counters().polls_failed;
    counter.fetch_add(1, std::memory_order_relaxed);
    return std::move(poll.outcome);
}

}  // namespace roja::hub
