// BIND's key statement, the small part of named.conf syntax a key file uses: quoted or bare
// words, `{ } ;`, and #, // and /* */ comments.
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "daemon/crypto/base64.hpp"
#include "daemon/rpz/tsig_key.hpp"
#include "filter/domain_name.hpp"

namespace roja::rpz {

namespace {

class KeyFileTokens {
  public:
    KeyFileTokens(std::string_view text, std::string_view file) : text_(text), file_(file) {}

    // The next word, quoted string (without quotes) or one of "{};"; empty at the end.
    std::string next() {
        skip_space_and_comments();
        if (pos_ >= text_.size()) return {};
        const char c = text_[pos_];
        if (c == '{' || c == '}' || c == ';') return std::string(1, text_[pos_++]);
        if (c == '"') {
            const std::size_t end = text_.find('"', pos_ + 1);
            if (end == std::string_view::npos) fail("unclosed quote");
            std::string word(text_.substr(pos_ + 1, end - pos_ - 1));
            pos_ = end + 1;
            return word;
        }
        const std::size_t start = pos_;
        while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) &&
               text_[pos_] != '{' && text_[pos_] != '}' && text_[pos_] != ';' && text_[pos_] != '"')
            ++pos_;
        return std::string(text_.substr(start, pos_ - start));
    }
    void expect(std::string_view token) {
        if (next() != token) fail("expected \"" + std::string(token) + "\"");
    }
    [[noreturn]] void fail(const std::string& what) const {
        std::size_t line = 1;
        for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) line += text_[i] == '\n';
        throw std::runtime_error(std::string(file_) + ":" + std::to_string(line) + ": " + what);
    }

  private:
    void skip_space_and_comments() {
        while (pos_ < text_.size()) {
            if (std::isspace(static_cast<unsigned char>(text_[pos_]))) {
                ++pos_;
            } else if (text_[pos_] == '#' || text_.substr(pos_, 2) == "//") {
                pos_ = std::min(text_.find('\n', pos_), text_.size());
            } else if (text_.substr(pos_, 2) == "/*") {
                const std::size_t end = text_.find("*/", pos_ + 2);
                if (end == std::string_view::npos) fail("unclosed comment");
                pos_ = end + 2;
            } else {
                return;
            }
        }
    }
    std::string_view text_;
    std::string_view file_;
    std::size_t pos_ = 0;
};

// The body of one `key "name" { ... };` statement, after the name.
TsigKey read_key_body(KeyFileTokens& tokens, std::string name) {
    TsigKey key;
    if (!filter::canonicalize(name, key.name) || key.name.empty()) tokens.fail("bad key name");
    tokens.expect("{");
    for (std::string word = tokens.next(); word != "}"; word = tokens.next()) {
        const std::string value = tokens.next();
        tokens.expect(";");
        if (word == "algorithm") {
            if (!filter::canonicalize(value, key.algorithm) || key.algorithm != kHmacSha256)
                tokens.fail("algorithm " + value + " not supported (only hmac-sha256)");
        } else if (word == "secret") {
            auto secret = crypto::decode_base64(value);
            if (!secret || secret->empty()) tokens.fail("secret is not base64");
            key.secret = std::move(*secret);
        } else {
            tokens.fail(word.empty() ? "unexpected end of file" : "unknown key option " + word);
        }
    }
    tokens.expect(";");
    if (key.algorithm.empty() || key.secret.empty())
        tokens.fail("key " + key.name + " needs an algorithm and a secret");
    return key;
}

}  // namespace

std::vector<TsigKey> parse_tsig_keys(std::string_view text, std::string_view file) {
    KeyFileTokens tokens(text, file);
    std::vector<TsigKey> keys;
    for (std::string word = tokens.next(); !word.empty(); word = tokens.next()) {
        if (word != "key") tokens.fail("expected a key statement, found \"" + word + "\"");
        keys.push_back(read_key_body(tokens, tokens.next()));
        for (std::size_t i = 0; i + 1 < keys.size(); ++i)
            if (keys[i].name == keys.back().name)
                tokens.fail("key " + keys.back().name + " defined twice");
    }
    return keys;
}

TsigKeyring load_tsig_keys(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw std::runtime_error(path + ": cannot read the key file");
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        throw std::runtime_error(
            path + ": holds TSIG secrets and must not be readable by group or others (chmod 600)");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) throw std::runtime_error(path + ": cannot read the key file");
    return TsigKeyring(parse_tsig_keys(text.view(), path));
}

}  // namespace roja::rpz
