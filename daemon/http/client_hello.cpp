#include "daemon/http/client_hello.hpp"

#include <algorithm>

namespace roja::http {

namespace {

constexpr std::uint8_t kHandshakeRecord = 22;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint16_t kServerNameExtension = 0;
constexpr std::uint8_t kHostName = 0;
constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kMaxRecord = 16384 + 2048;  // TLSPlaintext limit with slack

// Reads big-endian fields from a byte range, failing (not throwing) past its end.
class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
    bool skip(std::size_t n) noexcept {
        if (n > bytes_.size() - at_) return fail();
        at_ += n;
        return true;
    }
    std::size_t number(std::size_t octets) noexcept {
        if (octets > bytes_.size() - at_) return fail(), 0;
        std::size_t value = 0;
        for (std::size_t i = 0; i < octets; ++i) value = value << 8 | bytes_[at_++];
        return value;
    }
    // A sub-reader over the next `n` octets (a length-prefixed vector).
    Reader take(std::size_t n) noexcept {
        if (n > bytes_.size() - at_) return fail(), Reader({});
        Reader sub(bytes_.subspan(at_, n));
        at_ += n;
        return sub;
    }
    bool ok() const noexcept { return ok_; }
    bool done() const noexcept { return at_ == bytes_.size(); }
    const std::uint8_t* here() const noexcept { return bytes_.data() + at_; }

  private:
    bool fail() noexcept { return ok_ = false; }
    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
    bool ok_ = true;
};

HelloResult server_name_of(Reader list) {
    while (list.ok() && !list.done()) {
        const std::size_t type = list.number(1);
        const std::size_t length = list.number(2);
        Reader name = list.take(length);
        if (!list.ok()) break;
        if (type != kHostName || length == 0) continue;
        return {HelloStatus::server_name,
                std::string_view(reinterpret_cast<const char*>(name.here()), length)};
    }
    return {HelloStatus::no_server_name, {}};
}

// The body of a complete ClientHello handshake message.
HelloResult parse_hello(Reader hello) {
    hello.skip(2 + 32);           // legacy_version, random
    hello.take(hello.number(1));  // legacy_session_id
    hello.take(hello.number(2));  // cipher_suites
    hello.take(hello.number(1));  // legacy_compression_methods
    if (!hello.ok()) return {HelloStatus::not_tls, {}};
    if (hello.done()) return {HelloStatus::no_server_name, {}};  // no extensions at all
    Reader extensions = hello.take(hello.number(2));
    while (extensions.ok() && !extensions.done()) {
        const std::size_t type = extensions.number(2);
        Reader body = extensions.take(extensions.number(2));
        if (!extensions.ok()) break;
        if (type == kServerNameExtension) return server_name_of(body.take(body.number(2)));
    }
    return {extensions.ok() ? HelloStatus::no_server_name : HelloStatus::not_tls, {}};
}

}  // namespace

HelloResult read_client_hello(std::span<const std::uint8_t> bytes,
                              std::vector<std::uint8_t>& handshake) {
    // Reassemble the handshake message from the fragments of consecutive records.
    handshake.resize(kMaxClientHelloBytes);
    std::size_t have = 0;
    for (std::size_t at = 0;;) {
        if (have >= 4) {
            if (handshake[0] != kClientHello) return {HelloStatus::not_tls, {}};
            const std::size_t length =
                std::size_t{handshake[1]} << 16 | std::size_t{handshake[2]} << 8 | handshake[3];
            if (4 + length > handshake.size()) return {HelloStatus::not_tls, {}};
            if (have >= 4 + length) return parse_hello(Reader({handshake.data() + 4, length}));
        }
        if (bytes.size() - at < kRecordHeader) return {HelloStatus::need_more, {}};
        if (bytes[at] != kHandshakeRecord || bytes[at + 1] != 3) return {HelloStatus::not_tls, {}};
        const std::size_t record = std::size_t{bytes[at + 3]} << 8 | bytes[at + 4];
        if (record == 0 || record > kMaxRecord) return {HelloStatus::not_tls, {}};
        if (bytes.size() - at - kRecordHeader < record) return {HelloStatus::need_more, {}};
        if (have + record > handshake.size()) return {HelloStatus::not_tls, {}};
        std::copy_n(bytes.data() + at + kRecordHeader, record, handshake.data() + have);
        have += record;
        at += kRecordHeader + record;
    }
}

}  // namespace roja::http
