// Rule set benchmark: build time, bytes per entry and lookup time for the real 190k phishing
// list and a generated 1,000,000-name list, each against std::unordered_set<std::string> holding
// the same names in the same run. Prints figures and ratios; asserts nothing about time.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "filter/list_parser.hpp"
#include "filter/rule_set.hpp"

using namespace roja::filter;
using Clock = std::chrono::steady_clock;

namespace {

// Counts every byte the baseline allocates, so its memory is measured, not guessed.
std::size_t g_baseline_bytes = 0;
template <class T>
struct CountingAllocator {
    using value_type = T;
    CountingAllocator() = default;
    template <class U>
    CountingAllocator(const CountingAllocator<U>&) {}
    T* allocate(std::size_t n) {
        g_baseline_bytes += n * sizeof(T);
        return std::allocator<T>().allocate(n);
    }
    void deallocate(T* p, std::size_t n) {
        g_baseline_bytes -= n * sizeof(T);
        std::allocator<T>().deallocate(p, n);
    }
    template <class U>
    bool operator==(const CountingAllocator<U>&) const {
        return true;
    }
};
using BaselineString = std::basic_string<char, std::char_traits<char>, CountingAllocator<char>>;
struct BaselineHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
    std::size_t operator()(const BaselineString& s) const { return (*this)(std::string_view(s)); }
};
using BaselineSet = std::unordered_set<BaselineString, BaselineHash, std::equal_to<>,
                                       CountingAllocator<BaselineString>>;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Collector final : EntrySink {
    std::vector<std::string> names;
    void on_entry(const ListEntry& e) override { names.emplace_back(e.value); }
};

// Realistic-looking names: 2-4 labels over a spread of TLDs, deterministic.
std::vector<std::string> generate_names(std::size_t count) {
    static const char* tlds[] = {"com",    "net",  "org", "al",     "it",  "de", "co.uk",
                                 "com.br", "info", "xyz", "io",     "ru",  "fr", "nl",
                                 "online", "site", "bet", "casino", "app", "eu"};
    std::mt19937_64 rng(20240601);
    std::unordered_set<std::string> seen;
    std::vector<std::string> names;
    names.reserve(count);
    const auto word = [&] {
        std::string w;
        const std::size_t len = 3 + rng() % 10;
        for (std::size_t i = 0; i < len; ++i)
            w.push_back("abcdefghijklmnopqrstuvwxyz0123456789-"[rng() % (i == 0 ? 26 : 37)]);
        if (w.back() == '-') w.back() = 'x';
        return w;
    };
    while (names.size() < count) {
        std::string name = word() + "." + tlds[rng() % std::size(tlds)];
        const std::size_t extra = rng() % 4 == 0 ? 1 + rng() % 2 : 0;
        for (std::size_t i = 0; i < extra; ++i) name = word() + "." + name;
        if (seen.insert(name).second) names.push_back(std::move(name));
    }
    return names;
}

// Queries of 3-5 labels: half below listed names (hits), half unlisted (misses), shuffled.
// They sit back to back in one buffer, as a decoded packet would be hot in cache: the loop
// measures the lookup, not a cache miss on each query's own heap string.
struct Queries {
    std::string text;
    std::vector<std::string_view> names;
};
Queries make_queries(const std::vector<std::string>& names, std::size_t count) {
    std::mt19937_64 rng(7);
    std::vector<std::string> queries;
    queries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::string& base = names[rng() % names.size()];
        std::string q =
            i % 2 == 0 ? "www." + base : "cdn" + std::to_string(rng() % 1000) + ".miss" + base;
        if (std::count(q.begin(), q.end(), '.') < 2) q = "a." + q;
        queries.push_back(std::move(q));
    }
    Queries packed;
    for (const auto& q : queries) packed.text += q;
    std::size_t offset = 0;
    for (const auto& q : queries) {
        packed.names.emplace_back(packed.text.data() + offset, q.size());
        offset += q.size();
    }
    return packed;
}

void bench(const char* label, const std::vector<std::string>& names, double parse_seconds) {
    const std::size_t n = names.size();
    std::size_t name_bytes = 0;
    for (const auto& s : names) name_bytes += s.size();

    auto start = Clock::now();
    RuleSetBuilder builder;
    builder.reserve(n, name_bytes);
    for (std::size_t i = 0; i < n; ++i)
        builder.add(names[i], MatchScope::subtree, Disposition::block, 0,
                    static_cast<RecordIndex>(i + 1));
    const RuleSet set = std::move(builder).build();
    const double build_s = seconds_since(start);

    g_baseline_bytes = 0;
    start = Clock::now();
    BaselineSet baseline;
    for (const auto& s : names) baseline.emplace(s.data(), s.size());
    const double baseline_build_s = seconds_since(start);
    const std::size_t baseline_bytes = g_baseline_bytes + sizeof(baseline);

    const Queries packed = make_queries(names, 2'000'000);
    const auto& queries = packed.names;
    std::size_t matched = 0;
    start = Clock::now();
    for (const auto& q : queries)
        set.for_each_match(q, [&](const RuleHit&) {
            ++matched;
            return false;
        });
    const double lookup_ns = seconds_since(start) * 1e9 / static_cast<double>(queries.size());

    std::size_t baseline_matched = 0;
    start = Clock::now();
    for (const auto& q : queries) {
        std::string_view rest = q;
        while (true) {  // the same most-specific-first walk over parents
            if (baseline.find(rest) != baseline.end()) {
                ++baseline_matched;
                break;
            }
            const auto dot = rest.find('.');
            if (dot == std::string_view::npos) break;
            rest.remove_prefix(dot + 1);
        }
    }
    const double baseline_ns = seconds_since(start) * 1e9 / static_cast<double>(queries.size());

    const double bytes_per_entry = static_cast<double>(set.memory_bytes()) / static_cast<double>(n);
    const double baseline_per_entry = static_cast<double>(baseline_bytes) / static_cast<double>(n);
    std::printf("\n== %s: %zu entries (avg name %.1f bytes)\n", label, n,
                static_cast<double>(name_bytes) / n);
    std::printf("  %-34s %12s %12s %8s\n", "", "RuleSet", "unordered_set", "ratio");
    std::printf("  %-34s %12.3f %12.3f %7.2fx\n", "build s (names already in memory)", build_s,
                baseline_build_s, baseline_build_s / build_s);
    std::printf("  %-34s %12.3f %12s\n", "parse + build s (from file text)",
                parse_seconds + build_s, "-");
    std::printf("  %-34s %12.1f %12.1f %7.2fx\n", "bytes per entry (all included)", bytes_per_entry,
                baseline_per_entry, baseline_per_entry / bytes_per_entry);
    std::printf("  %-34s %12.1f %12.1f %7.2fx\n", "lookup ns (3-5 labels, 50% hits)", lookup_ns,
                baseline_ns, baseline_ns / lookup_ns);
    std::printf("  matched %zu / %zu (baseline %zu)\n", matched, queries.size(), baseline_matched);
    std::printf("  bars: build < 1 s %s, bytes/entry < 48 %s, lookup < 200 ns %s\n",
                build_s < 1 ? "MET" : "MISSED", bytes_per_entry < 48 ? "MET" : "MISSED",
                lookup_ns < 200 ? "MET" : "MISSED");
    if (matched != baseline_matched) std::printf("  MISMATCH between RuleSet and baseline\n");
}

}  // namespace

int main() {
    const std::string path = ROJA_SHARED_DATA "/category/blocklistproject-phishing-nl.txt";
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Collector phishing;
    auto start = Clock::now();
    const auto report = parse_plain_list(text, path, phishing);
    const double parse_s = seconds_since(start);
    std::printf("parsed %s: %zu entries, %zu invalid, %.3f s\n", path.c_str(), report.entries(),
                report.invalid(), parse_s);
    bench("phishing list (190k, real)", phishing.names, parse_s);

    auto generated = generate_names(1'000'000);
    std::string text_1m;
    for (const auto& s : generated) text_1m.append(s).push_back('\n');
    Collector million;
    start = Clock::now();
    parse_plain_list(text_1m, "generated-1m.txt", million);
    const double parse_1m_s = seconds_since(start);
    bench("generated list (1,000,000)", million.names, parse_1m_s);
    return 0;
}
