// What the warning page answers for one request, without any I/O: the verdict for the host
// (or URL) the request names, for the client's group, rendered as 451 with who ordered the
// block and how to appeal, or a neutral 404. Used by the warning server and the HTTP filter.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

#include "config/config.hpp"
#include "daemon/http/warning_templates.hpp"
#include "filter/policy.hpp"

namespace roja::http {

// The operator's part of the page, fixed at start-up.
struct OperatorInfo {
    std::string organisation;
    std::string operator_url;  // also the Link rel="blocked-by" target (RFC 7725)
    std::string appeal_url;
    std::string contact_email;
    std::string contact_phone;
    std::string helpline = "ALO 116 111";
    std::string reporting_platform = "iSigurt.al";
    std::string reporting_url;
    std::vector<std::string> child_protection_categories;
};

OperatorInfo operator_info(const config::Config& config);

struct PageRequest {
    std::string_view host_header;
    std::string_view accept_language;
    boost::asio::ip::address client;
    std::chrono::system_clock::time_point now;
};

struct PageResponse {
    unsigned status = 404;  // 451, 404 or 400
    Language language = Language::sq;
    std::string body;
};

class WarningPage {
  public:
    WarningPage(OperatorInfo info, WarningTemplates templates)
        : info_(std::move(info)), templates_(std::move(templates)) {}

    // The page for the Host's name decided by `policy` (a 404 when it is not blocked, a 400
    // when the Host is not a host name). `out.body` is reused.
    void respond(const filter::Policy& policy, const PageRequest& request, PageResponse& out) const;
    // The page for a verdict already reached (the HTTP filter's URL match); `shown` is what
    // was blocked (host or host/path).
    void render_blocked(const filter::Policy& policy, const filter::Verdict& verdict,
                        std::string_view shown, const PageRequest& request,
                        PageResponse& out) const;
    void render_not_found(const PageRequest& request, PageResponse& out) const;

    const OperatorInfo& info() const noexcept { return info_; }

  private:
    bool is_child_protection(std::string_view category) const noexcept;
    void set_operator_values(PageValues& values) const noexcept;

    OperatorInfo info_;
    WarningTemplates templates_;
};

// "2026-11-29 02:33:10 +0100" in the machine's time zone.
std::string format_local_time(std::chrono::system_clock::time_point when);

}  // namespace roja::http
