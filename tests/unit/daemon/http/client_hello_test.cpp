#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/http/client_hello.hpp"

using namespace roja::http;

namespace {

void put16(std::vector<std::uint8_t>& out, std::size_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

// A ClientHello handshake message (no record layer) with the given server name, if any.
std::vector<std::uint8_t> hello_message(const std::string& name) {
    // Sized once, not {3, 3} then resize(): GCC 12 at -O3 reports a false -Warray-bounds in the
    // inlined growth of a vector built from an initializer list.
    std::vector<std::uint8_t> body(2 + 32, 7);  // version 3.3, then 32 octets of random
    body[0] = 3;
    body[1] = 3;
    body.push_back(0);  // session id
    put16(body, 2);
    body.insert(body.end(), {0x13, 0x01});  // one cipher suite
    body.insert(body.end(), {1, 0});        // compression: null
    std::vector<std::uint8_t> extensions;
    put16(extensions, 0x000a);  // an unrelated extension first
    put16(extensions, 2);
    put16(extensions, 0);
    if (!name.empty()) {
        put16(extensions, 0);  // server_name
        put16(extensions, name.size() + 5);
        put16(extensions, name.size() + 3);
        extensions.push_back(0);  // host_name
        put16(extensions, name.size());
        extensions.insert(extensions.end(), name.begin(), name.end());
    }
    put16(body, extensions.size());
    body.insert(body.end(), extensions.begin(), extensions.end());
    std::vector<std::uint8_t> message = {1, 0};
    put16(message, body.size());
    message.insert(message.end(), body.begin(), body.end());
    return message;
}

// The message in TLS records of at most `fragment` octets each.
std::vector<std::uint8_t> records(const std::vector<std::uint8_t>& message, std::size_t fragment) {
    std::vector<std::uint8_t> out;
    for (std::size_t at = 0; at < message.size(); at += fragment) {
        const std::size_t n = std::min(fragment, message.size() - at);
        out.insert(out.end(), {22, 3, 1});
        put16(out, n);
        out.insert(out.end(), message.begin() + static_cast<std::ptrdiff_t>(at),
                   message.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
    return out;
}

}  // namespace

TEST_CASE("the server name is read from a ClientHello in one record") {
    std::vector<std::uint8_t> scratch;
    const auto bytes = records(hello_message("Blocked.Example"), 16384);
    const HelloResult result = read_client_hello(bytes, scratch);
    CHECK(result.status == HelloStatus::server_name);
    CHECK(result.server_name == "Blocked.Example");
}

TEST_CASE("a ClientHello split over several records is reassembled") {
    std::vector<std::uint8_t> scratch;
    const auto bytes = records(hello_message("split.example"), 7);
    const HelloResult result = read_client_hello(bytes, scratch);
    CHECK(result.status == HelloStatus::server_name);
    CHECK(result.server_name == "split.example");
}

TEST_CASE("every prefix of a ClientHello asks for more bytes") {
    std::vector<std::uint8_t> scratch;
    const auto bytes = records(hello_message("prefix.example"), 20);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        CAPTURE(n);
        CHECK(read_client_hello({bytes.data(), n}, scratch).status == HelloStatus::need_more);
    }
}

TEST_CASE("a ClientHello without a server name, and what is not TLS, are told apart") {
    std::vector<std::uint8_t> scratch;
    CHECK(read_client_hello(records(hello_message(""), 16384), scratch).status ==
          HelloStatus::no_server_name);
    const std::string get = "GET / HTTP/1.1\r\n\r\n";
    CHECK(
        read_client_hello({reinterpret_cast<const std::uint8_t*>(get.data()), get.size()}, scratch)
            .status == HelloStatus::not_tls);
    auto server_hello = records(hello_message("x.example"), 16384);
    server_hello[5] = 2;  // ServerHello, not ClientHello
    CHECK(read_client_hello(server_hello, scratch).status == HelloStatus::not_tls);
    auto lying = records(hello_message("x.example"), 16384);
    lying[9 + 2 + 32 + 1] = 0xff;  // a cipher-suite length past the end
    CHECK(read_client_hello(lying, scratch).status == HelloStatus::not_tls);
}
