#include "daemon/audit/audit_files.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>

namespace roja::audit {

namespace {

constexpr std::string_view kRotatedSuffix = ".jsonl";

// "audit-000000000042.jsonl" → 42, for the current file's stem "audit".
std::optional<std::uint64_t> rotated_first_seq(const std::string& name, const std::string& stem) {
    if (!name.starts_with(stem + "-") || !name.ends_with(kRotatedSuffix)) return std::nullopt;
    const std::string_view digits = std::string_view(name).substr(
        stem.size() + 1, name.size() - stem.size() - 1 - kRotatedSuffix.size());
    std::uint64_t seq = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return seq;
}

// Records start with {"seq":N (AuditLog writes seq first); anything else is parsed in full.
std::optional<std::uint64_t> record_seq(std::string_view line) {
    constexpr std::string_view kPrefix = "{\"seq\":";
    if (line.starts_with(kPrefix)) {
        std::uint64_t seq = 0;
        const auto [end, ec] =
            std::from_chars(line.data() + kPrefix.size(), line.data() + line.size(), seq);
        if (ec == std::errc() && end < line.data() + line.size() && *end == ',') return seq;
    }
    boost::system::error_code error;
    const auto value = boost::json::parse(line, error);
    const auto* object = error ? nullptr : value.if_object();
    const auto* seq = object ? object->if_contains("seq") : nullptr;
    if (!seq) return std::nullopt;
    const auto number = seq->to_number<std::uint64_t>(error);
    if (error) return std::nullopt;
    return number;
}

Result<std::string> read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error_code(boost::system::errc::no_such_file_or_directory);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::vector<AuditFile> audit_files(const std::filesystem::path& current) {
    std::vector<AuditFile> files;
    const std::string stem = current.stem().string();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(
             current.parent_path().empty() ? "." : current.parent_path(), ec)) {
        if (const auto seq = rotated_first_seq(entry.path().filename().string(), stem))
            files.push_back({entry.path(), *seq});
    }
    std::sort(files.begin(), files.end(),
              [](const AuditFile& a, const AuditFile& b) { return a.first_seq < b.first_seq; });
    if (std::filesystem::exists(current, ec)) files.push_back({current, 0});
    return files;
}

std::filesystem::path rotated_name(const std::filesystem::path& current, std::uint64_t first_seq) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%012llu", static_cast<unsigned long long>(first_seq));
    return current.parent_path() /
           (current.stem().string() + "-" + digits + std::string(kRotatedSuffix));
}

Result<AuditPage> read_audit_after(const std::filesystem::path& current, std::uint64_t after,
                                   std::size_t limit) {
    const std::vector<AuditFile> files = audit_files(current);
    std::size_t start = 0;  // the last rotated file that can hold seq after + 1
    for (std::size_t i = 0; i < files.size(); ++i)
        if (files[i].first_seq != 0 && files[i].first_seq <= after + 1) start = i;
    AuditPage page;
    page.last_seq = after;
    for (std::size_t i = start; i < files.size(); ++i) {
        auto text = read_whole(files[i].path);
        if (!text) return text.error();
        std::string_view rest = *text;
        while (!rest.empty()) {
            const std::size_t end = rest.find('\n');
            if (end == std::string_view::npos) break;  // a line being written: not a record yet
            const std::string_view line = rest.substr(0, end);
            rest.remove_prefix(end + 1);
            const auto seq = record_seq(line);
            if (!seq || *seq <= after) continue;
            if (page.lines.size() == limit) {
                page.has_more = true;
                return page;
            }
            page.lines.emplace_back(line);
            page.last_seq = *seq;
        }
    }
    return page;
}

}  // namespace roja::audit
