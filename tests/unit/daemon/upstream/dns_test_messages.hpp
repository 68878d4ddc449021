// Hand-built DNS messages for the upstream tests (independent of daemon/wire on purpose).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace roja::upstream::test {

struct QueryShape {
    std::uint16_t id = 0x1234;
    std::uint16_t qtype = 1;
    bool do_bit = false;
    bool cd_bit = false;
};

inline void push16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

inline std::vector<std::uint8_t> make_query(std::string_view name, QueryShape shape = {}) {
    std::vector<std::uint8_t> out;
    push16(out, shape.id);
    out.push_back(0x01);                        // RD
    out.push_back(shape.cd_bit ? 0x10 : 0x00);  // CD
    for (std::uint16_t count : {1, 0, 0, shape.do_bit ? 1 : 0}) {
        push16(out, count);
    }
    std::size_t start = 0;
    while (start < name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        out.push_back(static_cast<std::uint8_t>(dot - start));
        out.insert(out.end(), name.begin() + static_cast<std::ptrdiff_t>(start),
                   name.begin() + static_cast<std::ptrdiff_t>(dot));
        start = dot + 1;
    }
    out.push_back(0);
    push16(out, shape.qtype);
    push16(out, 1);
    if (shape.do_bit) {  // OPT: root owner, type 41, payload 1232, DO set
        out.push_back(0);
        for (std::uint16_t v : {41, 1232, 0, 0x8000, 0}) {
            push16(out, v);
        }
    }
    return out;
}

// End of the question section of a message built by make_query.
inline std::size_t question_end(std::span<const std::uint8_t> msg) {
    std::size_t at = 12;
    while (msg[at] != 0) {
        at += 1 + msg[at];
    }
    return at + 5;
}

struct ReplyShape {
    std::uint8_t rcode = 0;
    bool tc = false;
    std::uint16_t answers = 1;  // A 192.0.2.<n> records, TTL 300
    int id_delta = 0;           // a forged reply gets the wrong ID
};

inline std::vector<std::uint8_t> make_reply(std::span<const std::uint8_t> query,
                                            ReplyShape shape = {}) {
    std::vector<std::uint8_t> out(query.begin(),
                                  query.begin() + static_cast<std::ptrdiff_t>(question_end(query)));
    const auto id = static_cast<std::uint16_t>(((out[0] << 8) | out[1]) + shape.id_delta);
    out[0] = static_cast<std::uint8_t>(id >> 8);
    out[1] = static_cast<std::uint8_t>(id & 0xFF);
    out[2] = static_cast<std::uint8_t>(0x80 | (out[2] & 0x01) | (shape.tc ? 0x02 : 0));
    out[3] = static_cast<std::uint8_t>(0x80 | shape.rcode);
    out[6] = 0;
    out[7] = static_cast<std::uint8_t>(shape.answers);
    out[10] = 0;
    out[11] = 0;
    for (std::uint16_t i = 1; i <= shape.answers; ++i) {
        for (std::uint16_t v : {0xC00C, 1, 1, 0, 300, 4, 0xC000, 0x0200}) {
            push16(out, v);
        }
        out.back() = static_cast<std::uint8_t>(i);
    }
    return out;
}

inline std::uint16_t answer_count(std::span<const std::uint8_t> msg) {
    return static_cast<std::uint16_t>((msg[6] << 8) | msg[7]);
}

}  // namespace roja::upstream::test
