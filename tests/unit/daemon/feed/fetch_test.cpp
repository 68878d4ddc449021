// The fetcher's pure parts: the retry schedule, the mapping of curl codes, the scheme check, and
// the local-directory source. Real HTTPS transfers are in tests/integration/test_feed_fetch.py.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

#include "daemon/feed/fetch_backoff.hpp"
#include "daemon/feed/fetch_curl.hpp"
#include "daemon/feed/fetch_retry.hpp"
#include "daemon/feed/fetcher.hpp"

using namespace std::chrono_literals;
using roja::feed::BackoffSchedule;
using roja::feed::FetchOutcome;

namespace {

// A "random" source that always returns its minimum or its maximum.
struct FixedRandom {
    using result_type = std::uint32_t;
    bool is_max = false;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
    result_type operator()() const { return is_max ? max() : min(); }
};

}  // namespace

TEST_CASE("the backoff ceiling doubles from the base and stops at the cap") {
    const BackoffSchedule schedule(1s, 60s);
    CHECK(schedule.ceiling(0) == 1s);
    CHECK(schedule.ceiling(1) == 2s);
    CHECK(schedule.ceiling(5) == 32s);
    CHECK(schedule.ceiling(6) == 60s);
    CHECK(schedule.ceiling(1000) == 60s);
    CHECK(schedule.ceiling(std::numeric_limits<unsigned>::max()) == 60s);
}

TEST_CASE("a jittered delay lies between half the ceiling and the ceiling") {
    const BackoffSchedule schedule(1s, 60s);
    CHECK(schedule.delay(3, 0.0) == 4s);
    CHECK(schedule.delay(3, 1.0) == 8s);
    CHECK(schedule.delay(3, 0.5) == 6s);
    CHECK(schedule.delay(20, 1.0) == 60s);
    CHECK(schedule.delay(20, 0.0) == 30s);
    FixedRandom low;
    CHECK(schedule.next_delay(2, low) == 2s);
    std::mt19937_64 random(42);
    for (unsigned attempt = 0; attempt < 12; ++attempt) {
        const auto delay = schedule.next_delay(attempt, random);
        CHECK(delay >= schedule.ceiling(attempt) / 2);
        CHECK(delay <= schedule.ceiling(attempt));
    }
}

TEST_CASE("jitter spreads the retries of subscribers that failed together") {
    const BackoffSchedule schedule(1s, 60s);
    std::mt19937_64 random(7);
    const auto first = schedule.next_delay(4, random);
    bool differs = false;
    for (int i = 0; i < 20 && !differs; ++i) differs = schedule.next_delay(4, random) != first;
    CHECK(differs);
}

TEST_CASE("curl failures map to the feed's fetch outcomes") {
    using roja::feed::classify_curl_error;
    CHECK(classify_curl_error(CURLE_OPERATION_TIMEDOUT) == FetchOutcome::timeout);
    CHECK(classify_curl_error(CURLE_PEER_FAILED_VERIFICATION) == FetchOutcome::tls_error);
    CHECK(classify_curl_error(CURLE_SSL_CONNECT_ERROR) == FetchOutcome::tls_error);
    CHECK(classify_curl_error(CURLE_UNSUPPORTED_PROTOCOL) == FetchOutcome::refused_scheme);
    CHECK(classify_curl_error(CURLE_FILESIZE_EXCEEDED) == FetchOutcome::too_large);
    CHECK(classify_curl_error(CURLE_PARTIAL_FILE) == FetchOutcome::network_error);
    CHECK(classify_curl_error(CURLE_COULDNT_CONNECT) == FetchOutcome::network_error);
}

TEST_CASE("only a 2xx is ok, and a 304 only answers a conditional request") {
    using roja::feed::classify_http_status;
    CHECK(classify_http_status(200, false) == FetchOutcome::ok);
    CHECK(classify_http_status(204, false) == FetchOutcome::ok);
    CHECK(classify_http_status(304, true) == FetchOutcome::not_modified);
    CHECK(classify_http_status(304, false) == FetchOutcome::http_error);
    CHECK(classify_http_status(404, true) == FetchOutcome::http_error);
    CHECK(classify_http_status(500, false) == FetchOutcome::http_error);
}

TEST_CASE("only https URLs are fetched, whatever the case of the scheme") {
    using roja::feed::is_https_url;
    CHECK(is_https_url("https://feed.example/manifest.json"));
    CHECK(is_https_url("HTTPS://feed.example/"));
    CHECK_FALSE(is_https_url("http://feed.example/"));
    CHECK_FALSE(is_https_url("file:///etc/passwd"));
    CHECK_FALSE(is_https_url("https:/x"));
    roja::feed::FetchRequest request;
    request.url = "http://127.0.0.1:9/manifest.json";
    const auto result = roja::feed::Fetcher().fetch(request);
    CHECK(result.outcome == FetchOutcome::refused_scheme);
    CHECK(result.http_status == 0);
}

TEST_CASE("a local feed file reads like a download, with the same cap and a 404 when missing") {
    char pattern[] = "/tmp/roja-feed-fetch-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    const std::filesystem::path dir = pattern;
    std::ofstream(dir / "manifest.json", std::ios::binary) << "0123456789";

    const auto good = roja::feed::fetch_local(dir / "manifest.json", 10);
    CHECK(good.outcome == FetchOutcome::ok);
    CHECK(good.body == "0123456789");
    CHECK_FALSE(good.last_modified.empty());
    CHECK(roja::feed::fetch_local(dir / "manifest.json", 9).outcome == FetchOutcome::too_large);
    const auto missing = roja::feed::fetch_local(dir / "manifest.json.p7s", 10);
    CHECK(missing.outcome == FetchOutcome::http_error);
    CHECK(missing.http_status == 404);
    CHECK(roja::feed::fetch_local(dir, 10).outcome == FetchOutcome::network_error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("transient failures are retried with growing waits, permanent ones at once not") {
    using roja::feed::FetchResult;
    roja::feed::RetryPolicy policy;
    policy.max_attempts = 4;
    policy.schedule = BackoffSchedule(1s, 60s);
    std::mt19937_64 random(1);
    std::vector<std::chrono::milliseconds> waits;
    const auto wait = [&waits](std::chrono::milliseconds delay) {
        waits.push_back(delay);
        return true;
    };
    int calls = 0;
    const auto failing = [&calls] {
        ++calls;
        FetchResult result;
        result.outcome = FetchOutcome::http_error;
        result.http_status = 503;
        return result;
    };
    CHECK(roja::feed::fetch_with_retries(failing, policy, random, wait).http_status == 503);
    CHECK(calls == 4);
    REQUIRE(waits.size() == 3);
    for (unsigned i = 0; i < waits.size(); ++i) {
        CHECK(waits[i] >= policy.schedule.ceiling(i) / 2);
        CHECK(waits[i] <= policy.schedule.ceiling(i));
    }

    calls = 0;
    waits.clear();
    const auto bad_certificate = [&calls] {
        ++calls;
        FetchResult result;
        result.outcome = FetchOutcome::tls_error;
        return result;
    };
    CHECK(roja::feed::fetch_with_retries(bad_certificate, policy, random, wait).outcome ==
          FetchOutcome::tls_error);
    CHECK(calls == 1);
    CHECK(waits.empty());
}

TEST_CASE("a retry loop stops when the wait is cut short, and after the first success") {
    using roja::feed::FetchResult;
    roja::feed::RetryPolicy policy;
    std::mt19937_64 random(2);
    int calls = 0;
    const auto flaky = [&calls] {
        FetchResult result;
        result.outcome = ++calls < 2 ? FetchOutcome::timeout : FetchOutcome::ok;
        return result;
    };
    const auto no_wait = [](std::chrono::milliseconds) { return true; };
    CHECK(roja::feed::fetch_with_retries(flaky, policy, random, no_wait).is_ok());
    CHECK(calls == 2);
    calls = 0;
    const auto shutting_down = [](std::chrono::milliseconds) { return false; };
    CHECK(roja::feed::fetch_with_retries(flaky, policy, random, shutting_down).outcome ==
          FetchOutcome::timeout);
    CHECK(calls == 1);
}
