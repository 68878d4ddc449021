#include "daemon/ctl/url_probe.hpp"

#include <curl/curl.h>

#include <string>

#include "daemon/feed/fetch_curl.hpp"

namespace roja::ctl {

namespace {

// The body is not kept: only the status tells.
std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

// GET http://host:port/path at `address`, with the host's name in the Host header (curl's
// --resolve), no redirects followed: the status the network gives for that URL, or 0.
long http_status(std::string_view host, std::string_view path,
                 const boost::asio::ip::address& address, std::uint16_t port,
                 std::chrono::milliseconds timeout, std::string& error) {
    feed::ensure_curl_initialised();
    feed::CurlEasyPtr curl(curl_easy_init());
    if (!curl) return 0;
    const std::string port_text = std::to_string(port);
    const std::string url = "http://" + std::string(host) + ":" + port_text + "/" +
                            std::string(path.starts_with('/') ? path.substr(1) : path);
    const std::string at = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
    const std::string resolve = std::string(host) + ":" + port_text + ":" + at;
    feed::CurlSlistPtr resolved(curl_slist_append(nullptr, resolve.c_str()));
    // The Host a browser sends for the listed URL (port 80: no port in it), whatever port the
    // probe was told to use: a listed URL names its host, not the test's port.
    const std::string host_header = "Host: " + std::string(host);
    feed::CurlSlistPtr headers(curl_slist_append(nullptr, host_header.c_str()));
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_RESOLVE, resolved.get());
    curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http");
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl.get(), CURLOPT_MAXFILESIZE, 1L << 20);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
    const CURLcode code = curl_easy_perform(curl.get());
    long status = 0;
    if (code == CURLE_OK) curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK) error = curl_easy_strerror(code);
    return status;
}

}  // namespace

ProbeAnswer probe_url(const boost::asio::ip::udp::endpoint& resolver, std::string_view url,
                      std::span<const boost::asio::ip::address> warning,
                      std::chrono::milliseconds timeout, std::uint16_t http_port) {
    const std::size_t slash = url.find('/');
    const std::string_view host = url.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? "" : url.substr(slash);
    ProbeAnswer dns = ask_resolver(resolver, host, warning, timeout);
    if (dns.verdict == ProbeVerdict::error) return dns;
    if (dns.addresses.empty()) return {ProbeVerdict::blocked, "dns " + dns.how, {}};
    std::string error;
    const long status = http_status(host, path, dns.addresses.front(), http_port, timeout, error);
    const std::string at = " at " + dns.addresses.front().to_string();
    if (status == 0) return {ProbeVerdict::error, "http " + error + at, dns.addresses};
    return {status == 451 ? ProbeVerdict::blocked : ProbeVerdict::not_blocked,
            "http " + std::to_string(status) + at, dns.addresses};
}

}  // namespace roja::ctl
