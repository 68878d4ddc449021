#include "daemon/hub/node_client.hpp"

#include "daemon/feed/fetch_curl.hpp"

namespace roja::hub {

namespace {

struct Sink {
    std::string* body;
    std::uint64_t max_bytes;
    bool is_too_big = false;
};

std::size_t append_capped(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    if (sink->body->size() + size * count > sink->max_bytes) {
        sink->is_too_big = true;
        return 0;  // ends the transfer: the rest is never read
    }
    sink->body->append(data, size * count);
    return size * count;
}

int check_cancel(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancel = static_cast<const std::atomic<bool>*>(user);
    return cancel && cancel->load(std::memory_order_relaxed) ? 1 : 0;  // non-zero aborts
}

void set_trust(CURL* curl, const NodeEndpoint& node) {
    if (!node.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, node.ca_file.c_str());
    if (!node.pinned_key.empty())
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, node.pinned_key.c_str());
}

}  // namespace

std::string NodeReply::describe() const {
    if (status == 0) return error;
    std::string text = "HTTP " + std::to_string(status);
    if (!body.empty()) text += ": " + body.substr(0, 200);
    return text;
}

NodeReply node_get(const NodeEndpoint& node, const std::string& path_and_query,
                   const std::atomic<bool>* cancel) {
    feed::ensure_curl_initialised();
    feed::CurlEasyPtr curl(curl_easy_init());
    NodeReply reply;
    if (!curl) return {0, {}, "curl_easy_init failed"};
    const std::string url = node.base_url + path_and_query;
    const std::string authorization = "Authorization: Bearer " + node.token;
    feed::CurlSlistPtr headers(curl_slist_append(nullptr, authorization.c_str()));
    Sink sink{&reply.body, node.max_bytes};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // the token goes to the node, nowhere else
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for name lookups
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(node.timeout.count()));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_capped);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    set_trust(c, node);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_cancel);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, cancel);
    const CURLcode code = curl_easy_perform(c);
    if (sink.is_too_big)
        return {0, {}, "answer larger than " + std::to_string(node.max_bytes) + " bytes"};
    if (code != CURLE_OK) return {0, {}, curl_easy_strerror(code)};
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
}

}  // namespace roja::hub
