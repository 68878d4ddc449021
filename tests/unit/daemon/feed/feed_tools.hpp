// Real Debian tools (minisign, openssl) run at test time in a temporary directory under /tmp,
// so the feed signature tests check what authorities will really send.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>

namespace roja::feed::test {

class ToolDir {
  public:
    ToolDir() {
        char pattern[] = "/tmp/roja-feed-test-XXXXXX";
        const char* made = mkdtemp(pattern);
        REQUIRE(made != nullptr);
        path_ = made;
    }
    ~ToolDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ToolDir(const ToolDir&) = delete;
    ToolDir& operator=(const ToolDir&) = delete;

    std::string file(const std::string& name) const { return path_ + "/" + name; }

    // Runs `command` inside the directory; its output goes to tool.log, shown when it fails.
    void run(const std::string& command) const {
        const std::string log = file("tool.log");
        const std::string line = "cd " + path_ + " && " + command + " >" + log + " 2>&1 </dev/null";
        const int status = std::system(line.c_str());
        if (status != 0) FAIL("command failed: " << command << "\noutput: " << read(log));
    }

    std::string read(const std::string& name_or_path) const {
        const std::string path = name_or_path.starts_with("/") ? name_or_path : file(name_or_path);
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }

    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(file(name), std::ios::binary | std::ios::trunc);
        out << content;
        REQUIRE(out.good());
    }

  private:
    std::string path_;
};

inline std::span<const std::uint8_t> bytes_of(const std::string& text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

inline const std::string kTestManifest =
    R"({"format": "roja-feed/1", "feed": "akep-al", "serial": 42,)"
    "\n"
    R"( "issued_at": "2026-11-28T10:00:00Z", "expires_at": "2026-12-05T10:00:00Z", "lists": []})"
    "\n";

// The manifest with one byte changed ("serial": 42 -> 43).
inline std::string flipped(std::string text) {
    const auto at = text.find("42");
    REQUIRE(at != std::string::npos);
    text[at + 1] = '3';
    return text;
}

}  // namespace roja::feed::test
