#include "daemon/hub/probe_store.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "daemon/crypto/sha256.hpp"
#include "daemon/log/log.hpp"

namespace roja::hub {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxReportBytes = 64 * 1024 * 1024;

std::optional<std::string> read_whole(const fs::path& path) {
    std::error_code ec;
    if (fs::file_size(path, ec) > kMaxReportBytes || ec) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in) return std::nullopt;
    return text.str();
}

const NodeTarget* node_of(const std::vector<NodeTarget>& nodes, const std::string& resolver) {
    for (const NodeTarget& node : nodes)
        if (!node.resolver_text.empty() && node.resolver_text == resolver) return &node;
    return nullptr;
}

void ingest_one(sqlite3* db, const fs::path& path, const std::vector<feed::MinisignPublicKey>& keys,
                const std::vector<NodeTarget>& nodes, std::int64_t now) {
    const auto report = read_whole(path);
    const auto minisig = read_whole(path.string() + ".minisig");
    if (!report || !minisig) return;  // not (yet) complete: the next cycle looks again
    const auto known = has_probe_report(db, crypto::sha256_hex(*report));
    if (!known || *known) return;
    const auto read = read_probe_report(*report, *minisig, keys);
    if (!read) {
        log::warning("hub_probe_report_refused",
                     {{"file", path.string()}, {"reason", read.error()}});
        return;
    }
    const NodeTarget* node = node_of(nodes, read->resolver);
    if (!node) {
        log::warning(
            "hub_probe_report_refused",
            {{"file", path.string()}, {"reason", "no node has resolver " + read->resolver}});
        return;
    }
    if (auto stored = store_probe_report(db, node->config.id, *read, now); !stored)
        log::error("hub_probe_report_not_stored", {{"reason", stored.error().message()}});
}

}  // namespace

Result<bool> has_probe_report(sqlite3* db, const std::string& sha256) {
    Query query(db, "SELECT 1 FROM probe_reports WHERE sha256 = ?1");
    query.text(1, sha256);
    const bool found = query.next();
    if (query.error) return Result<bool>(boost::system::in_place_error, query.error);
    return found;
}

Result<void> store_probe_report(sqlite3* db, const std::string& node_id, const ProbeReport& r,
                                std::int64_t now) {
    stats::Transaction transaction(db);
    if (auto begun = transaction.begin(); !begun) return begun;
    Query report(db,
                 "INSERT OR IGNORE INTO probe_reports (sha256, node_id, feed, serial, resolver, "
                 "finished_at, blocked, not_blocked, errors, read_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    report.text(1, r.sha256).text(2, node_id).text(3, r.feed);
    report.integer(4, static_cast<std::int64_t>(r.serial))
        .text(5, r.resolver)
        .text(6, r.finished_at);
    report.integer(7, static_cast<std::int64_t>(r.blocked));
    report.integer(8, static_cast<std::int64_t>(r.not_blocked));
    report.integer(9, static_cast<std::int64_t>(r.errors)).integer(10, now);
    if (auto done = report.run(); !done) return done;
    Query miss(db,
               "INSERT OR IGNORE INTO probe_misses (sha256, entry_id, name, how) "
               "VALUES (?1, ?2, ?3, ?4)");
    for (const ProbeMiss& m : r.misses) {
        miss.text(1, r.sha256).text(2, m.entry_id).text(3, m.name).text(4, m.how);
        if (auto done = stats::step_done(miss.statement.get()); !done) return done;
    }
    return transaction.commit();
}

std::vector<feed::MinisignPublicKey> load_prober_keys(const config::HubProbeConfig& probes) {
    std::vector<feed::MinisignPublicKey> keys;
    for (const std::string& file : probes.keys) {
        const auto text = read_whole(file);
        if (!text) throw std::runtime_error("probes.keys: cannot read " + file);
        auto key = feed::parse_minisign_public_key(*text);
        if (!key)
            throw std::runtime_error("probes.keys: " + file + " is not a minisign public key");
        keys.push_back(std::move(*key));
    }
    return keys;
}

void ingest_probe_reports(sqlite3* db, const config::HubProbeConfig& probes,
                          const std::vector<feed::MinisignPublicKey>& keys,
                          const std::vector<NodeTarget>& nodes, std::int64_t now) {
    if (probes.dir.empty()) return;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(probes.dir, ec))
        if (entry.is_regular_file(ec) && entry.path().extension() == ".json")
            ingest_one(db, entry.path(), keys, nodes, now);
    if (ec)
        log::warning("hub_probe_dir_unreadable", {{"dir", probes.dir}, {"reason", ec.message()}});
}

}  // namespace roja::hub
