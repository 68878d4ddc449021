// rojahub at the scale, without a network: the compliance matrix of 500 feed versions ×
// 200 nodes read and rendered (JSON, CSV, HTML; goal < 200 ms) against the floor of reading the
// same 100,000 confirmation rows with one plain SELECT, and the store's size for one node-year
// (100 audit records, 1,000 hit rows and 24 confirmations a day) extrapolated to 200 nodes × 3
// years. Prints ratios; asserts nothing about time.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "daemon/crypto/sha256.hpp"
#include "daemon/hub/audit_store.hpp"
#include "daemon/hub/hub_routes.hpp"
#include "daemon/hub/node_store.hpp"

using namespace roja;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kNodes = 200, kVersions = 500;

// The bench measures nothing if the store refused its rows.
template <class R>
void must(const R& done) {
    if (!done) {
        std::fprintf(stderr, "store failed: %s\n", done.error().message().c_str());
        std::exit(1);
    }
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string day_of(int day) {
    char text[16];
    std::snprintf(text, sizeof text, "2026-%02d-%02d", 1 + day / 28 % 12, 1 + day % 28);
    return text;
}

std::string issued(int serial) {
    char text[32];
    std::snprintf(text, sizeof text, "2026-11-%02dT%02d:%02d:00Z", 1 + serial / 24 % 28,
                  serial % 24, serial % 60);
    return text;
}

void fill_matrix(sqlite3* db) {
    const std::string body(1000, 'c');  // a node's confirmation answer, kept whole
    for (int n = 0; n < kNodes; ++n) {
        const std::string node = "node-" + std::to_string(n);
        must(hub::register_node(
            db, {node, "ISP " + std::to_string(n / 10), "http://x", "/t", "", "", "", std::nullopt},
            0));
        hub::AuditIntake page;
        for (int v = 1; v <= kVersions; ++v)
            page.versions.push_back({"akep-al", std::uint64_t(v), issued(v)});
        must(hub::store_audit_page(db, node, page, 0));
        for (int v = 1; v <= kVersions; ++v)
            if ((v + n) % 97 != 0)  // a few not applied: late or superseded cells
                must(hub::store_confirmation(db, node,
                                             {{"akep-al", std::uint64_t(v)},
                                              "applied",
                                              issued(v),
                                              double(v % 300),
                                              "",
                                              body}));
    }
}

// One node, one year: what the hub keeps of it.
void fill_node_year(sqlite3* db) {
    std::string prev(audit::kGenesisHash);
    std::uint64_t seq = 0;
    const std::string body(2000, 'c');
    for (int day = 0; day < 365; ++day) {
        hub::AuditIntake page;
        for (int r = 0; r < 100; ++r) {
            ++seq;
            const std::string line =
                "{\"seq\":" + std::to_string(seq) +
                ",\"time\":\"2026-12-01T10:00:00Z\",\"type\":\"feed_applied\",\"details\":{"
                "\"feed\":\"akep-al\",\"serial\":" +
                std::to_string(seq) +
                ",\"applied_at\":\"2026-12-01T10:00:03Z\",\"manifest_sha256\":\"" +
                std::string(64, 'a') + "\"},\"prev\":\"" + prev + "\"}";
            page.records.push_back(
                {seq, "t", "feed_applied", line, crypto::sha256_hex(line), prev});
            prev = page.records.back().hash;
        }
        must(hub::store_audit_page(db, "year", page, 0));
        std::vector<hub::DayHits> hits;
        for (int e = 0; e < 1000; ++e)
            hits.push_back({day_of(day),
                            "AKEP-" + std::to_string(e),
                            "orders",
                            "AKEP",
                            "D-" + std::to_string(e % 50) + "/2026",
                            e % 400,
                            e % 90,
                            {}});
        must(hub::store_day_hits(db, "year", hits));
        for (int c = 0; c < 24; ++c)
            must(hub::store_confirmation(
                db, "year",
                {{"akep-al", std::uint64_t(day * 24 + c)}, "applied", "x", 3.0, "", body}));
    }
}

double render(const hub::HubViews& views, const char* path, std::string_view format,
              std::size_t& bytes) {
    api::ApiRequest request{"GET", path, {{"feed", "akep-al"}}, {}, {}, {}};
    if (!format.empty()) request.query["format"] = std::string(format);
    const auto start = Clock::now();
    const auto response = std::string(path) == "/matrix" ? hub::matrix_page(views, request)
                                                         : hub::matrix_answer(views, request);
    bytes = response.body.size();
    return ms_since(start);
}

double read_only(const hub::HubViews& views) {
    const auto start = Clock::now();
    const auto matrix = hub::read_view_matrix(views, api::ApiRequest{"GET", "/", {}, {}, {}, {}});
    const double ms = ms_since(start);
    if (!matrix || matrix->cells.empty()) std::printf("  no matrix read\n");
    return ms;
}

double floor_read(sqlite3* db) {
    const auto start = Clock::now();
    hub::Query query(db,
                     "SELECT node_id, feed, serial, status, applied_at, delay_seconds, reason "
                     "FROM confirmations");
    std::size_t rows = 0;
    while (query.next()) rows += query.text_at(0).size() > 0;
    const double ms = ms_since(start);
    if (rows == 0) std::printf("  floor: no rows read\n");
    return ms;
}

}  // namespace

int main() {
    const auto dir = std::filesystem::temp_directory_path() / "roja-hub-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    config::HubConfig hub;
    const std::string matrix_db = (dir / "matrix.sqlite").string();
    {
        auto db = hub::open_hub_database(matrix_db);
        fill_matrix(db->get());
    }
    hub::HubViews views(hub, matrix_db);
    floor_read(views.db());  // warm the page cache once
    double best_floor = 1e9, best_read = 1e9, best_json = 1e9, best_csv = 1e9, best_html = 1e9;
    std::size_t json_bytes = 0, csv_bytes = 0, html_bytes = 0;
    for (int round = 0; round < 5; ++round) {
        best_floor = std::min(best_floor, floor_read(views.db()));
        best_read = std::min(best_read, read_only(views));
        best_json = std::min(best_json, render(views, "/api/v1/matrix", "", json_bytes));
        best_csv = std::min(best_csv, render(views, "/api/v1/matrix", "csv", csv_bytes));
        best_html = std::min(best_html, render(views, "/matrix", "", html_bytes));
    }
    std::printf("matrix %d versions x %d nodes (best of 5):\n", kVersions, kNodes);
    std::printf("  floor (one SELECT of the rows) %8.1f ms\n", best_floor);
    std::printf("  read  %8.1f ms  (the matrix built, not rendered)  %.1fx floor\n", best_read,
                best_read / best_floor);
    std::printf("  JSON  %8.1f ms  %7zu KiB  %.1fx floor  %.2fx the 200 ms goal\n", best_json,
                json_bytes / 1024, best_json / best_floor, best_json / 200);
    std::printf("  CSV   %8.1f ms  %7zu KiB  %.1fx floor  %.2fx the 200 ms goal\n", best_csv,
                csv_bytes / 1024, best_csv / best_floor, best_csv / 200);
    std::printf("  HTML  %8.1f ms  %7zu KiB  %.1fx floor  %.2fx the 200 ms goal\n", best_html,
                html_bytes / 1024, best_html / best_floor, best_html / 200);

    const std::string year_db = (dir / "year.sqlite").string();
    const auto start = Clock::now();
    {
        auto db = hub::open_hub_database(year_db);
        fill_node_year(db->get());
        stats::exec(db->get(), "PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const double mib = double(std::filesystem::file_size(year_db)) / (1024.0 * 1024.0);
    std::printf(
        "one node-year (36,500 audit records, 365,000 hit rows, 8,760 confirmations of "
        "2 KB): %.1f MiB, stored in %.1f s\n",
        mib, ms_since(start) / 1000);
    std::printf("  x 200 nodes x 3 years: %.1f GiB\n", mib * 600 / 1024);
    std::filesystem::remove_all(dir);
    return 0;
}
