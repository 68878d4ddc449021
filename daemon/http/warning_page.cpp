#include "daemon/http/warning_page.hpp"

#include <ctime>

#include "daemon/http/host_header.hpp"

namespace roja::http {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
    return true;
}

}  // namespace

OperatorInfo operator_info(const config::Config& config) {
    const config::WarningPageConfig& page = config.warning_page;
    OperatorInfo info;
    info.organisation = config.blocking.organisation;
    info.operator_url = page.operator_url;
    info.appeal_url = page.appeal_url;
    info.contact_email = page.contact_email;
    info.contact_phone = page.contact_phone;
    info.helpline = page.helpline;
    info.reporting_platform = page.reporting_platform;
    info.reporting_url = page.reporting_url;
    info.child_protection_categories = page.child_protection_categories;
    return info;
}

std::string format_local_time(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&t, &local);
    char text[64];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z", &local);
    return std::string(text, n);
}

bool WarningPage::is_child_protection(std::string_view category) const noexcept {
    for (const auto& c : info_.child_protection_categories)
        if (iequals(c, category)) return true;
    return false;
}

void WarningPage::set_operator_values(PageValues& values) const noexcept {
    values.set(PageField::organisation, info_.organisation);
    values.set(PageField::operator_url, info_.operator_url);
    values.set(PageField::appeal_url, info_.appeal_url);
    values.set(PageField::contact_email, info_.contact_email);
    values.set(PageField::contact_phone, info_.contact_phone);
    values.set(PageField::helpline, info_.helpline);
    values.set(PageField::reporting_platform, info_.reporting_platform);
    values.set(PageField::reporting_url, info_.reporting_url);
}

void WarningPage::respond(const filter::Policy& policy, const PageRequest& request,
                          PageResponse& out) const {
    const HostName host = parse_host_header(request.host_header);
    if (host.status == HostStatus::invalid && !request.host_header.empty()) {
        out.status = 400;
        out.language = choose_language(request.accept_language);
        out.body.assign("Bad Request\n");
        return;
    }
    if (host.status != HostStatus::name) return render_not_found(request, out);
    const filter::Verdict verdict =
        policy.decide(host.canonical, filter::kQtypeA, policy.group_of(request.client));
    if (!verdict.is_blocked()) return render_not_found(request, out);
    render_blocked(policy, verdict, host.canonical, request, out);
}

void WarningPage::render_blocked(const filter::Policy& policy, const filter::Verdict& verdict,
                                 std::string_view shown, const PageRequest& request,
                                 PageResponse& out) const {
    const filter::EntryView entry = policy.entry_view(verdict);
    const std::string entry_id = filter::entry_id(entry);
    const std::string time = format_local_time(request.now);
    out.status = 451;
    out.language = choose_language(request.accept_language);
    PageValues values;
    values.set(PageField::lang, to_string(out.language));
    values.set(PageField::host, shown);
    values.set(PageField::time, time);
    values.set(PageField::authority, entry.authority);
    values.set(PageField::legal_basis, entry.legal_basis);
    values.set(PageField::decision, entry.decision);
    values.set(PageField::decision_date, entry.decision_date);
    values.set(PageField::category, entry.category);
    values.set(PageField::list, entry.list_title);
    values.set(PageField::entry, entry_id);
    values.set(PageField::reason, filter::to_string(entry.reason));
    values.set(PageField::child_protection, is_child_protection(entry.category) ? "yes" : "");
    values.set(PageField::censored, entry.reason == filter::ReasonClass::censored ? "yes" : "");
    set_operator_values(values);
    out.body.clear();
    templates_.pages(out.language).blocked.render(values, out.body);
}

void WarningPage::render_not_found(const PageRequest& request, PageResponse& out) const {
    out.status = 404;
    out.language = choose_language(request.accept_language);
    PageValues values;
    values.set(PageField::lang, to_string(out.language));
    set_operator_values(values);
    out.body.clear();
    templates_.pages(out.language).not_found.render(values, out.body);
}

}  // namespace roja::http
