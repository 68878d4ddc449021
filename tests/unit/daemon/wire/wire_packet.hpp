// Hand-built DNS messages for the wire codec tests: every byte spelled out, nothing parsed.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace roja::wire::test {

class Packet {
  public:
    Packet& u8(std::uint8_t v) {
        bytes_.push_back(v);
        return *this;
    }
    Packet& u16(std::uint16_t v) {
        return u8(static_cast<std::uint8_t>(v >> 8)).u8(static_cast<std::uint8_t>(v));
    }
    Packet& u32(std::uint32_t v) {
        return u16(static_cast<std::uint16_t>(v >> 16)).u16(static_cast<std::uint16_t>(v));
    }
    Packet& raw(std::initializer_list<std::uint8_t> bytes) {
        bytes_.insert(bytes_.end(), bytes);
        return *this;
    }
    Packet& text(std::string_view s) {
        for (char c : s) u8(static_cast<std::uint8_t>(c));
        return *this;
    }
    // Dotted presentation name without escapes, written uncompressed ("" is the root).
    Packet& name(std::string_view dotted) {
        while (!dotted.empty()) {
            const auto dot = dotted.find('.');
            const auto label = dotted.substr(0, dot);
            u8(static_cast<std::uint8_t>(label.size())).text(label);
            dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
        }
        return u8(0);
    }
    Packet& pointer(std::uint16_t offset) {
        return u16(static_cast<std::uint16_t>(0xC000 | offset));
    }
    Packet& header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd, std::uint16_t an,
                   std::uint16_t ns, std::uint16_t ar) {
        return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
    }
    Packet& question(std::string_view qname, std::uint16_t qtype, std::uint16_t qclass = 1) {
        return name(qname).u16(qtype).u16(qclass);
    }
    // OPT: root owner, payload, ext-rcode/version/flags, then raw option bytes.
    Packet& opt(std::uint16_t payload, std::uint8_t version = 0, bool dnssec_ok = false,
                std::initializer_list<std::uint8_t> options = {}) {
        u8(0).u16(41).u16(payload).u8(0).u8(version).u16(dnssec_ok ? 0x8000 : 0);
        u16(static_cast<std::uint16_t>(options.size()));
        return raw(options);
    }
    std::size_t size() const { return bytes_.size(); }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }
    std::vector<std::uint8_t>& bytes() { return bytes_; }

  private:
    std::vector<std::uint8_t> bytes_;
};

// A standard query: RD set, one question, optional OPT.
inline Packet simple_query(std::string_view qname, std::uint16_t qtype, bool edns = false,
                           std::uint16_t payload = 1232, bool dnssec_ok = false) {
    Packet p;
    p.header(0x1234, 0x0100, 1, 0, 0, edns ? 1 : 0).question(qname, qtype);
    if (edns) p.opt(payload, 0, dnssec_ok);
    return p;
}

}  // namespace roja::wire::test
