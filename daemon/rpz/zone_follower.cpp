#include "daemon/rpz/zone_follower.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "daemon/crypto/base64.hpp"
#include "daemon/feed/feed_store_files.hpp"
#include "daemon/log/log.hpp"
#include "daemon/metrics/zone_transfer_counters.hpp"

namespace roja::rpz {

namespace asio = boost::asio;
using std::chrono::seconds;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxCopyBytes = std::size_t{4} << 30;
// The SOA's timers, within bounds: a primary cannot make us poll it in a loop, nor never.
constexpr seconds kMinRefresh{30}, kMinRetry{10}, kMaxTimer{std::chrono::hours(24)};
constexpr seconds kNoZoneRetry{15};  // before the first transfer there is no SOA to follow
constexpr seconds kNotifyGap{1};     // NOTIFY starts at most one refresh a second

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// RFC 1982: whether serial `a` is newer than `b` (undefined distance 2^31: not newer).
bool is_newer(std::uint32_t a, std::uint32_t b) {
    return a != b && static_cast<std::int32_t>(a - b) > 0;
}

std::string read_secret_file(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw std::runtime_error(path + ": cannot read");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        throw std::runtime_error(
            path + ": holds a TSIG secret and must not be readable by group or others (chmod 600)");
    std::ifstream in(path);
    std::string secret;
    in >> secret;
    return secret;
}

TsigKeyring load_key(const config::RpzPrimaryConfig& source, const std::string& list_id) {
    if (!source.tsig) return {};
    const auto& tsig = *source.tsig;
    if (!tsig.key_file.empty()) {
        TsigKeyring ring = load_tsig_keys(tsig.key_file);
        const TsigKey* key = ring.find(tsig.name);
        if (!key)
            throw std::runtime_error("list " + list_id + ": key \"" + tsig.name + "\" is not in " +
                                     tsig.key_file);
        return TsigKeyring({*key});
    }
    auto secret = crypto::decode_base64(read_secret_file(tsig.secret_file));
    if (!secret || secret->empty())
        throw std::runtime_error(tsig.secret_file + ": the secret is not base64");
    return TsigKeyring({TsigKey{tsig.name, std::string(kHmacSha256), std::move(*secret)}});
}

seconds clamp(std::uint32_t value, seconds min) {
    return std::clamp(seconds(value), min, kMaxTimer);
}

}  // namespace

ZoneFollower::ZoneFollower(asio::io_context& io, const config::ListConfig& list,
                           std::filesystem::path copy_path, ApplyZone apply)
    : io_(io),
      list_id_(list.id),
      source_(*list.primary),
      copy_path_(std::move(copy_path)),
      apply_(std::move(apply)),
      keys_(load_key(*list.primary, list.id)),
      wake_(io) {
    target_.primary = {source_.primary.address, source_.primary.port};
    target_.apex = source_.zone;
    target_.key = source_.tsig ? keys_.find(source_.tsig->name) : nullptr;
    target_.max_bytes = source_.max_bytes;
    target_.max_records = source_.max_records;
    target_.timeout = source_.timeout;
}

std::shared_ptr<const std::string> ZoneFollower::load_last_good() {
    auto text = feed::read_whole_file(copy_path_, kMaxCopyBytes);
    if (!text) return nullptr;  // none yet
    auto copy = ZoneCopy::from_zone_text(source_.zone, *text);
    if (!copy) {
        log::warning("rpz_zone_copy_unusable",
                     {{"list", list_id_}, {"path", copy_path_.string()}, {"reason", "not ours"}});
        return nullptr;
    }
    copy_ = std::move(*copy);
    // The copy was last confirmed when it was written: the expire timer runs from then, so a
    // primary that stays down after a restart still expires the zone on time.
    struct stat info {};
    if (::stat(copy_path_.c_str(), &info) == 0) {
        last_success_unix_ = static_cast<double>(info.st_mtime);
        const auto age = std::chrono::duration<double>(unix_now() - last_success_unix_);
        last_success_ = std::chrono::steady_clock::now() -
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(age);
    }
    log::info("rpz_zone_restored", {{"list", list_id_},
                                    {"zone", source_.zone},
                                    {"serial", std::to_string(copy_->soa()->fields.serial)},
                                    {"records", std::to_string(copy_->size())}});
    publish_figures();
    return std::make_shared<const std::string>(std::move(*text));
}

void ZoneFollower::publish_figures() {
    metrics::SecondaryZoneFigures figures;
    figures.has_zone = copy_.has_value();
    figures.serial = copy_ ? copy_->soa()->fields.serial : 0;
    figures.records = copy_ ? copy_->size() : 0;
    figures.last_success = last_success_unix_;
    figures.is_expired = is_expired_;
    metrics::zone_transfer_counters().set_zone(source_.zone, figures);
}

std::string_view ZoneFollower::on_notify() {
    if (is_notified_) return "coalesced";
    is_notified_ = true;
    if (!is_refreshing_) wake_.cancel();
    return "accepted";
}

// Each wait is the SOA's refresh after a success, its retry after a failure; a NOTIFY during
// a refresh brings the next one forward (kNotifyGap after).
asio::awaitable<void> ZoneFollower::run() {
    for (;;) {
        is_refreshing_ = true;
        is_notified_ = false;
        const auto started = std::chrono::steady_clock::now();
        const bool ok = co_await refresh();
        is_refreshing_ = false;
        note_expiry();
        wake_.expires_after(is_notified_ ? kNotifyGap : next_wait(ok));
        auto [error] = co_await wake_.async_wait(kNoThrow);
        if (error && !is_notified_) co_return;  // stopped
        if (error) {  // woken by a NOTIFY: not sooner than kNotifyGap after the last refresh
            wake_.expires_at(started + kNotifyGap);
            co_await wake_.async_wait(kNoThrow);
        }
    }
}

seconds ZoneFollower::next_wait(bool succeeded) const {
    if (!copy_) return kNoZoneRetry;
    const SoaFields& soa = copy_->soa()->fields;
    return succeeded ? clamp(soa.refresh, kMinRefresh) : clamp(soa.retry, kMinRetry);
}

// RFC 1035 §4.3.5's expire: a secondary stops answering for the zone. A filter that dropped its
// list when the primary died would unblock everything, so the zone stays enforced and the
// operator is told (log line and the expired gauge) instead.
void ZoneFollower::note_expiry() {
    if (!copy_ || last_success_ == std::chrono::steady_clock::time_point{}) return;
    const bool is_expired =
        std::chrono::steady_clock::now() - last_success_ > seconds(copy_->soa()->fields.expire);
    if (is_expired && !is_expired_)
        log::warning("rpz_zone_expired", {{"list", list_id_},
                                          {"primary", config::to_string(source_.primary)},
                                          {"zone", source_.zone},
                                          {"action", "still enforced"}});
    is_expired_ = is_expired;
    publish_figures();
}

bool ZoneFollower::failed(XfrFailure failure, const std::string& detail) {
    log::warning("rpz_transfer_failed",
                 {{"list", list_id_},
                  {"primary", config::to_string(source_.primary)},
                  {"zone", source_.zone},
                  {"outcome", to_string(failure)},
                  {"detail", detail},
                  {"kept_serial",
                   copy_ ? std::to_string(copy_->soa()->fields.serial) : std::string("none")}});
    metrics::zone_transfer_counters().count_refresh(source_.zone, to_string(failure));
    return false;
}

bool ZoneFollower::up_to_date() {
    // The copy's time says when it was last confirmed (see load_last_good).
    std::error_code ignored;
    std::filesystem::last_write_time(copy_path_, std::filesystem::file_time_type::clock::now(),
                                     ignored);
    last_success_ = std::chrono::steady_clock::now();
    last_success_unix_ = unix_now();
    metrics::zone_transfer_counters().count_refresh(source_.zone, "up_to_date");
    publish_figures();
    return true;
}

// Without a copy, straight to AXFR; with one, its serial against the primary's.
asio::awaitable<bool> ZoneFollower::refresh() {
    if (!copy_) co_return co_await full_transfer();
    const SoaFields ours = copy_->soa()->fields;
    XfrOutcome soa = co_await ask_primary(io_, target_, wire::type::kSoa, ours);
    if (soa.failure) co_return failed(XfrFailure(soa.failure.value()), "SOA query: " + soa.detail);
    const std::uint32_t theirs = soa.reader->serial();
    if (theirs == ours.serial) co_return up_to_date();
    if (!is_newer(theirs, ours.serial))
        co_return failed(XfrFailure::serial_backwards, "primary serial " + std::to_string(theirs) +
                                                           " is older than ours " +
                                                           std::to_string(ours.serial));
    co_return co_await transfer_newer(theirs);
}

// IXFR from our serial; a primary that cannot (refused, the SOA alone, a difference that does
// not fit our copy) gets an AXFR next.
asio::awaitable<bool> ZoneFollower::transfer_newer(std::uint32_t primary_serial) {
    XfrOutcome ixfr = co_await ask_primary(io_, target_, kTypeIxfr, copy_->soa()->fields);
    if (!ixfr.failure) {
        XfrReader& reader = *ixfr.reader;
        if (reader.shape() == XfrShape::up_to_date) co_return up_to_date();
        if (reader.shape() == XfrShape::full) co_return apply_full(reader, ixfr);
        if (reader.shape() == XfrShape::incremental) {
            // Only a difference that does not fit our copy calls for the whole zone.
            if (const auto applied = apply_changes(reader, ixfr)) co_return *applied;
        }
    } else {
        const auto failure = XfrFailure(ixfr.failure.value());
        const bool has_fallback = failure == XfrFailure::refused || failure == XfrFailure::garbled;
        if (!has_fallback) co_return failed(failure, "IXFR: " + ixfr.detail);
        log::info("rpz_ixfr_fallback", {{"list", list_id_},
                                        {"zone", source_.zone},
                                        {"serial", std::to_string(primary_serial)},
                                        {"reason", ixfr.detail}});
    }
    co_return co_await full_transfer();
}

asio::awaitable<bool> ZoneFollower::full_transfer() {
    XfrOutcome axfr = co_await ask_primary(io_, target_, kTypeAxfr, std::nullopt);
    if (axfr.failure) co_return failed(XfrFailure(axfr.failure.value()), "AXFR: " + axfr.detail);
    const std::uint32_t theirs = axfr.reader->serial();
    if (copy_ && theirs == copy_->soa()->fields.serial) co_return up_to_date();
    if (copy_ && !is_newer(theirs, copy_->soa()->fields.serial))
        co_return failed(XfrFailure::serial_backwards,
                         "AXFR serial " + std::to_string(theirs) + " is older than ours " +
                             std::to_string(copy_->soa()->fields.serial));
    co_return apply_full(*axfr.reader, axfr);
}

bool ZoneFollower::apply_full(XfrReader& reader, const XfrOutcome& outcome) {
    auto text = std::make_shared<const std::string>(reader.full_zone().zone_text());
    std::optional<ZoneCopy> previous = std::move(copy_);
    copy_ = std::move(reader.full_zone());
    if (put_in_force(std::move(text), "axfr", outcome)) return true;
    copy_ = std::move(previous);
    return false;
}

// The differences applied in place, undone if any does not fit or the result is not applied.
// nullopt: a deletion of a record we do not hold (our copy and the primary's history differ).
std::optional<bool> ZoneFollower::apply_changes(XfrReader& reader, const XfrOutcome& outcome) {
    ZoneCopy::UndoLog undo;
    for (const ZoneChange& change : reader.changes()) {
        if (change.is_addition) {
            copy_->add(change.record, undo);
        } else if (!copy_->remove(change.record, undo)) {
            copy_->undo(undo);
            log::info("rpz_ixfr_fallback", {{"list", list_id_},
                                            {"zone", source_.zone},
                                            {"reason", "deletes a record we do not hold"}});
            metrics::zone_transfer_counters().count_refresh(source_.zone, "ixfr_mismatch");
            return std::nullopt;
        }
    }
    if (copy_->size() > source_.max_records) {
        copy_->undo(undo);
        return failed(XfrFailure::oversized,
                      "IXFR: more than max_records " + std::to_string(source_.max_records));
    }
    const ZoneSoa previous_soa = *copy_->soa();
    copy_->set_soa(reader.soa());
    if (put_in_force(std::make_shared<const std::string>(copy_->zone_text()), "ixfr", outcome))
        return true;
    copy_->undo(undo);
    ResponseRecord soa;
    soa.ttl = previous_soa.ttl;
    soa.rdata = previous_soa.rdata;
    soa.soa = SoaRdata{{}, {}, previous_soa.fields};
    copy_->set_soa(soa);
    return false;
}

// Built into the policy, written to the state directory, then published (apply_).
bool ZoneFollower::put_in_force(std::shared_ptr<const std::string> text, std::string_view kind,
                                const XfrOutcome& outcome) {
    const auto persist = [&] {
        std::error_code ec;
        std::filesystem::create_directories(copy_path_.parent_path(), ec);
        return !ec && feed::replace_file_durably(copy_path_, *text).has_value();
    };
    const auto start = std::chrono::steady_clock::now();
    const std::string problem = apply_(list_id_, text, persist);
    const double apply_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!problem.empty()) return failed(XfrFailure::not_applied, problem);
    log::info("rpz_zone_applied", {{"list", list_id_},
                                   {"primary", config::to_string(source_.primary)},
                                   {"zone", source_.zone},
                                   {"serial", std::to_string(copy_->soa()->fields.serial)},
                                   {"kind", kind},
                                   {"records", std::to_string(copy_->size())},
                                   {"bytes", std::to_string(outcome.bytes)},
                                   {"messages", std::to_string(outcome.messages)},
                                   {"transfer_seconds", std::to_string(outcome.seconds)},
                                   {"apply_seconds", std::to_string(apply_seconds)}});
    metrics::zone_transfer_counters().count_refresh(source_.zone, kind);
    last_success_ = std::chrono::steady_clock::now();
    last_success_unix_ = unix_now();
    publish_figures();
    return true;
}

}  // namespace roja::rpz
