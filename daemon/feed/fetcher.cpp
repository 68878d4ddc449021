#include "daemon/feed/fetcher.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>

namespace roja::feed {

namespace {

constexpr std::string_view kHttps = "https://";
constexpr const char* kUserAgent = "roja-feed/" ROJA_VERSION;
constexpr long kMaxRedirects = 5;

// The body so far; the cap is enforced here because libcurl 7.88 applies CURLOPT_MAXFILESIZE
// only when the server announces a length.
struct Transfer {
    std::string body;
    std::size_t max_bytes = 0;
    bool is_over_cap = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    const std::size_t bytes = size * count;
    if (bytes > transfer->max_bytes - transfer->body.size()) {
        transfer->is_over_cap = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    transfer->body.append(data, bytes);
    return bytes;
}

// libcurl calls this about once a second and on every chunk; non-zero aborts the transfer.
int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel->load(std::memory_order_relaxed) ? 1 : 0;
}

// Header values come from the server: keep them to one printable line before echoing them back.
bool is_safe_header_value(std::string_view value) {
    return std::all_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x20 && byte != 0x7f;
    });
}

CurlSlistPtr conditional_headers(const FetchRequest& request) {
    curl_slist* list = nullptr;
    auto add = [&list](std::string_view name, const std::string& value) {
        if (value.empty() || !is_safe_header_value(value)) return;
        const std::string line = std::string(name) + ": " + value;
        if (curl_slist* grown = curl_slist_append(list, line.c_str())) list = grown;
    };
    add("If-None-Match", request.if_none_match);
    add("If-Modified-Since", request.if_modified_since);
    return CurlSlistPtr(list);
}

std::string response_header(CURL* handle, const char* name) {
    curl_header* header = nullptr;
    if (curl_easy_header(handle, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return {};
    const std::string_view value = header->value;
    return is_safe_header_value(value) ? std::string(value) : std::string();
}

// Every option that makes the transfer safe; the first failure aborts (never fetch with fewer
// restrictions than asked for, e.g. a libcurl without CURLOPT_PROTOCOLS_STR).
CURLcode set_options(CURL* h, const FetchRequest& request, Transfer& transfer, char* error_buffer,
                     curl_slist* headers) {
    const auto ms = [](std::chrono::milliseconds d) { return static_cast<long>(d.count()); };
    const CURLcode codes[] = {
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer),
        curl_easy_setopt(h, CURLOPT_URL, request.url.c_str()),
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https"),
        curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https"),
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L),
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects),
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L),
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L),
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L),
        curl_easy_setopt(h, CURLOPT_USERAGENT, kUserAgent),
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms(request.connect_timeout)),
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms(request.total_timeout)),
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, request.low_speed_bytes),
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(request.low_speed_time.count())),
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_bytes)),
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body),
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer),
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers),
        request.ca_file ? curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file->c_str()) : CURLE_OK,
        request.client_cert ? curl_easy_setopt(h, CURLOPT_SSLCERT, request.client_cert->c_str())
                            : CURLE_OK,
        request.client_key ? curl_easy_setopt(h, CURLOPT_SSLKEY, request.client_key->c_str())
                           : CURLE_OK,
        request.cancel ? curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, check_cancel) : CURLE_OK,
        request.cancel ? curl_easy_setopt(h, CURLOPT_XFERINFODATA, request.cancel) : CURLE_OK,
        request.cancel ? curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L) : CURLE_OK,
    };
    for (const CURLcode code : codes)
        if (code != CURLE_OK) return code;
    return CURLE_OK;
}

std::string curl_reason(CURLcode code, const char* error_buffer) {
    return error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
}

FetchResult completed(CURL* handle, Transfer& transfer, bool was_conditional) {
    FetchResult result;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.http_status);
    result.outcome = classify_http_status(result.http_status, was_conditional);
    result.etag = response_header(handle, "ETag");
    result.last_modified = response_header(handle, "Last-Modified");
    if (result.outcome == FetchOutcome::ok)
        result.body = std::move(transfer.body);
    else
        result.reason = "HTTP status " + std::to_string(result.http_status);
    return result;
}

}  // namespace

bool is_https_url(std::string_view url) noexcept {
    if (url.size() < kHttps.size()) return false;
    return std::equal(kHttps.begin(), kHttps.end(), url.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
    });
}

Fetcher::Fetcher() {
    ensure_curl_initialised();
    handle_.reset(curl_easy_init());
    if (!handle_) throw std::runtime_error("curl_easy_init failed");
}

FetchResult Fetcher::fetch(const FetchRequest& request) {
    FetchResult result;
    if (!is_https_url(request.url)) {
        result.outcome = FetchOutcome::refused_scheme;
        result.reason = "only https:// URLs are fetched: " + request.url;
        return result;
    }
    // Reset keeps the connection cache but drops every option of the previous request.
    curl_easy_reset(handle_.get());
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    Transfer transfer;
    transfer.max_bytes = request.max_bytes;
    const CurlSlistPtr headers = conditional_headers(request);
    CURLcode code =
        set_options(handle_.get(), request, transfer, error_buffer.data(), headers.get());
    if (code == CURLE_OK) code = curl_easy_perform(handle_.get());

    if (transfer.is_over_cap || code == CURLE_FILESIZE_EXCEEDED) {
        result.outcome = FetchOutcome::too_large;
        result.reason = "body larger than " + std::to_string(request.max_bytes) + " bytes";
        curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &result.http_status);
    } else if (code != CURLE_OK) {
        result.outcome = classify_curl_error(code);
        result.reason = curl_reason(code, error_buffer.data());
        curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &result.http_status);
    } else {
        result = completed(handle_.get(), transfer, headers != nullptr);
    }
    // Nothing in the handle may point at this frame's buffers once we return.
    curl_easy_reset(handle_.get());
    return result;
}

}  // namespace roja::feed
