#include "daemon/http/warning_templates.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "daemon/http/builtin_templates.hpp"

namespace roja::http {

namespace {

constexpr std::uintmax_t kMaxTemplateBytes = 1 << 20;

struct SourceFile {
    std::string name;  // for messages: the path, or "built-in NAME"
    std::string text;
    bool from_directory = false;
};

SourceFile read_source(const std::string& directory, const std::string& file) {
    if (!directory.empty()) {
        const std::filesystem::path path = std::filesystem::path(directory) / file;
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) {
            if (std::filesystem::file_size(path, ec) > kMaxTemplateBytes)
                throw std::runtime_error(path.string() + ": larger than 1 MiB");
            std::ifstream in(path, std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
            if (!in && !in.eof()) throw std::runtime_error(path.string() + ": cannot be read");
            return {path.string(), std::move(text), true};
        }
    }
    const auto builtin = builtin_template(file);
    if (!builtin) throw std::runtime_error("no built-in template " + file);
    return {"built-in " + file, std::string(*builtin), false};
}

}  // namespace

WarningTemplates WarningTemplates::load(const std::string& directory) {
    WarningTemplates out;
    const SourceFile blocked = read_source(directory, "blocked.html");
    const SourceFile not_found = read_source(directory, "not_found.html");
    out.from_directory_ += blocked.from_directory + not_found.from_directory;
    for (std::size_t i = 0; i < kLanguageCount; ++i) {
        const SourceFile texts_file =
            read_source(directory, "texts." + std::string(kLanguageTags[i]) + ".txt");
        out.from_directory_ += texts_file.from_directory;
        const TextCatalog texts = TextCatalog::parse(texts_file.text, texts_file.name);
        out.pages_[i].blocked = PageTemplate::compile(blocked.text, texts, blocked.name);
        out.pages_[i].not_found = PageTemplate::compile(not_found.text, texts, not_found.name);
    }
    return out;
}

}  // namespace roja::http
