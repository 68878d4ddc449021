// One entry as a list parser reads it, before it goes into a rule set. Views are valid only
// during the EntrySink call: parsers reuse their buffers so that a 1M-line list costs no
// allocation per line.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <boost/asio/ip/address.hpp>

namespace roja::filter {

enum class EntryType : std::uint8_t {
    domain,  // the name and every name below it
    exact,   // the name alone
    url,     // one URL (or URL prefix); enforced by the HTTP filter
    ip,      // an answer address or prefix (RPZ-IP semantics)
    sni,     // a TLS server name
};
inline constexpr std::size_t kEntryTypeCount = 5;

enum class Disposition : std::uint8_t { block, allow };

// What an entry itself asks for; `list_default` means the list's configured action applies.
// RPZ carries its action per entry (CNAME . / CNAME *. / local data / passthru).
enum class EntryAction : std::uint8_t { list_default, nxdomain, nodata, redirect, refuse };

// Order metadata; all empty for formats that have none (plain, hosts, adblock, rpz).
struct EntryFields {
    std::string_view id;
    std::string_view authority;
    std::string_view decision;
    std::string_view decision_date;  // ISO 8601 date
    std::string_view legal_basis;
    std::string_view category;
    std::string_view effective_from;  // ISO 8601 date or date-time
    std::string_view expires;         // ISO 8601 date or date-time; empty = no expiry
};

struct ListEntry {
    EntryType type = EntryType::domain;
    Disposition disposition = Disposition::block;
    EntryAction action = EntryAction::list_default;
    // domain/exact/sni: canonical name (see domain_name.hpp); url: normalised "host/path"
    // without scheme; ip: address or prefix in its canonical text ("192.0.2.0/24",
    // "2001:db8::1/128").
    std::string_view value;
    std::uint32_t line = 0;  // 1-based source line
    // domain only: the names below `value` but not `value` itself (RPZ's lone "*.name").
    bool subdomains_only = false;
    EntryFields fields;
    // Redirect targets an RPZ entry carries as local data (empty otherwise).
    std::span<const boost::asio::ip::address> local_data;
};

class EntrySink {
  public:
    virtual ~EntrySink() = default;
    virtual void on_entry(const ListEntry& entry) = 0;
};

}  // namespace roja::filter
