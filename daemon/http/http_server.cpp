#include "daemon/http/http_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>

#include "config/default_paths.hpp"
#include "daemon/http/http_filter.hpp"
#include "daemon/http/school_tls.hpp"
#include "daemon/log/log.hpp"

namespace roja::http {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// The connection caps in the shape TcpAdmission takes them.
config::TcpLimits admission_limits(const config::HttpLimits& limits) {
    config::TcpLimits tcp;
    tcp.max_connections = limits.max_connections;
    tcp.max_connections_per_client = limits.max_connections_per_client;
    return tcp;
}

std::string template_dir(const config::WarningPageConfig& page) {
    return page.templates.empty() ? std::string(config::default_template_dir()) : page.templates;
}

}  // namespace

std::vector<config::Endpoint> warning_page_endpoints(const config::Config& config) {
    if (!config.warning_page.listen.empty()) return config.warning_page.listen;
    std::vector<config::Endpoint> endpoints;
    for (const auto& address : config.blocking.warning_addresses)
        endpoints.push_back({address, config::kHttpPort});
    return endpoints;
}

HttpServer::HttpServer(const config::Config& config, const server::StateHolder& states)
    : state_(states) {
    if (!config.warning_page.enabled && !config.http_filter.enabled) return;
    page_ = std::make_unique<WarningPage>(
        operator_info(config), WarningTemplates::load(template_dir(config.warning_page)));
    if (config.warning_page.enabled) add_warning_page(config);
    if (config.http_filter.enabled) add_http_filter(config);
}

// rojad calls stop() itself; this is for start-up failures and tests, and must not throw.
HttpServer::~HttpServer() {
    try {
        stop();
    } catch (...) {  // NOLINT(bugprone-empty-catch): nothing left to tell, the process is ending
    }
}

void HttpServer::add_listener(const config::Endpoint& endpoint, std::string role,
                              ConnectionHandler handler, server::TcpAdmission* admission) {
    listeners_.push_back(
        {std::make_unique<HttpListener>(io_, tcp::endpoint(endpoint.address, endpoint.port)),
         std::move(role)});
    handlers_.push_back(std::move(handler));
    admissions_.push_back(admission);
}

void HttpServer::add_warning_page(const config::Config& config) {
    const config::WarningPageConfig& page = config.warning_page;
    warning_limits_ = page.limits;
    warning_admission_ = std::make_unique<server::TcpAdmission>(admission_limits(page.limits));
    warning_context_ = std::make_unique<WarningContext>(
        WarningContext{*page_, state_, warning_limits_, counters_});
    for (const auto& endpoint : warning_page_endpoints(config)) {
        add_listener(
            endpoint, "warning-page",
            [this](tcp::socket socket) {
                return serve_warning_connection(std::move(socket), *warning_context_);
            },
            warning_admission_.get());
        if (page.https == config::WarningHttps::school) {
            if (!school_tls_) school_tls_ = std::make_unique<SchoolTls>(page);
            add_listener(
                {endpoint.address, page.https_port}, "warning-page-school-tls",
                [this](tcp::socket socket) {
                    return serve_warning_tls(std::move(socket), *warning_context_, *school_tls_);
                },
                warning_admission_.get());
        }
        if (page.https != config::WarningHttps::refuse) continue;
        add_listener(
            {endpoint.address, page.https_port}, "warning-page-tls-refused",
            [this](tcp::socket socket) -> asio::awaitable<void> {
                ++counters_.tls_refused;
                reset_connection(socket);
                co_return;
            },
            nullptr);
    }
}

void HttpServer::add_http_filter(const config::Config& config) {
    const config::HttpFilterConfig& filter = config.http_filter;
    filter_admission_ = std::make_unique<server::TcpAdmission>(admission_limits(filter.limits));
    filter_ = std::make_unique<HttpFilter>(io_, config, state_, *page_, counters_);
    for (const auto& address : filter.addresses) {
        for (const auto port : filter.http_ports)
            add_listener(
                {address, port}, "http-filter",
                [this](tcp::socket socket) { return filter_->serve_http(std::move(socket)); },
                filter_admission_.get());
        for (const auto port : filter.https_ports)
            add_listener(
                {address, port}, "http-filter-tls",
                [this](tcp::socket socket) { return filter_->serve_tls(std::move(socket)); },
                filter_admission_.get());
    }
}

std::vector<std::string> HttpServer::describe() const {
    std::vector<std::string> out;
    for (const auto& l : listeners_) {
        const auto local = l.listener->local();
        out.push_back(l.role + " " +
                      config::to_string(config::Endpoint{local.address(), local.port()}));
    }
    return out;
}

void HttpServer::start() {
    if (listeners_.empty()) return;
    for (std::size_t i = 0; i < listeners_.size(); ++i)
        asio::co_spawn(io_, listeners_[i].listener->serve(handlers_[i], admissions_[i], counters_),
                       asio::detached);
    thread_ = std::thread([this] { io_.run(); });
}

void HttpServer::stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
        for (auto& l : listeners_) l.listener->close();
    });
    io_.stop();
    thread_.join();
    const HttpCounters& c = counters_;
    const auto n = [](std::uint64_t v) { return std::to_string(v); };
    log::info("http_stopped", {{"connections", n(c.connections)},
                               {"refused_connections", n(c.refused_connections)},
                               {"pages_blocked", n(c.pages_blocked)},
                               {"pages_not_found", n(c.pages_not_found)},
                               {"bad_requests", n(c.bad_requests)},
                               {"timeouts", n(c.timeouts)},
                               {"tls_refused", n(c.tls_refused)},
                               {"forwarded", n(c.forwarded)},
                               {"origin_failures", n(c.origin_failures)},
                               {"sni_refused", n(c.sni_refused)},
                               {"https_unenforced", n(c.spliced)}});
}

}  // namespace roja::http
