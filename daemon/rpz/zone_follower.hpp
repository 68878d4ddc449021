// One list taken from an RPZ primary (docs/rpz-export.md, "Consumer"): the copy in force, and
// the refresh loop that keeps it current — SOA query, then IXFR from our serial with AXFR as the
// fallback, on the SOA refresh timer, the retry timer after a failure, or at once on NOTIFY.
// A new version is built into the policy, written to the state directory and only then
// published; any failure keeps the version in force and is logged and counted.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/config.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "daemon/rpz/xfr_client.hpp"
#include "daemon/rpz/zone_copy.hpp"

namespace roja::rpz {

// Builds the policy with `text` as the list's zone, calls `persist`, publishes; returns why it
// could not (empty: in force). Runs on the secondary's thread (server::PolicySources::apply_zone).
using ApplyZone =
    std::function<std::string(const std::string& list_id, std::shared_ptr<const std::string> text,
                              const std::function<bool()>& persist)>;

class ZoneFollower {
  public:
    // Start-up: throws std::runtime_error when the TSIG key cannot be read.
    ZoneFollower(boost::asio::io_context& io, const config::ListConfig& list,
                 std::filesystem::path copy_path, ApplyZone apply);

    // Start-up: the copy kept in the state directory (null: none, or one we cannot trust).
    std::shared_ptr<const std::string> load_last_good();
    boost::asio::awaitable<void> run();
    // A NOTIFY from the primary, already checked: refresh now, or right after the running one.
    // Returns the metric outcome ("accepted" or "coalesced").
    std::string_view on_notify();

    const config::RpzPrimaryConfig& source() const noexcept { return source_; }
    const std::string& list_id() const noexcept { return list_id_; }
    const TsigKeyring& keys() const noexcept { return keys_; }

  private:
    boost::asio::awaitable<bool> refresh();
    boost::asio::awaitable<bool> transfer_newer(std::uint32_t primary_serial);
    boost::asio::awaitable<bool> full_transfer();
    bool apply_full(XfrReader& reader, const XfrOutcome& outcome);
    std::optional<bool> apply_changes(XfrReader& reader, const XfrOutcome& outcome);
    bool put_in_force(std::shared_ptr<const std::string> text, std::string_view kind,
                      const XfrOutcome& outcome);
    bool failed(XfrFailure failure, const std::string& detail);
    bool up_to_date();
    std::chrono::seconds next_wait(bool succeeded) const;
    void note_expiry();
    void publish_figures();

    boost::asio::io_context& io_;
    std::string list_id_;
    config::RpzPrimaryConfig source_;
    std::filesystem::path copy_path_;
    ApplyZone apply_;
    TsigKeyring keys_;
    XfrTarget target_;
    std::optional<ZoneCopy> copy_;  // the version in force
    std::chrono::steady_clock::time_point last_success_{};
    double last_success_unix_ = 0;
    bool is_expired_ = false;
    boost::asio::steady_timer wake_;
    bool is_refreshing_ = false;
    bool is_notified_ = false;  // a NOTIFY woke the loop, or came during a refresh
};

}  // namespace roja::rpz
