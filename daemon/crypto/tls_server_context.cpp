#include "daemon/crypto/tls_server_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace roja::crypto {

namespace {

namespace ssl = boost::asio::ssl;

// The context and the ALPN wire list (length-prefixed names) its callback reads, in one
// allocation: the shared_ptr handed out aliases the context and keeps both alive.
struct AlpnList {
    std::vector<unsigned char> wire;
};

struct ContextWithAlpn {
    ssl::context context{ssl::context::tls_server};
    AlpnList alpn;
};

int select_alpn(SSL*, const unsigned char** out, unsigned char* out_length,
                const unsigned char* offered, unsigned int offered_length, void* argument) {
    const auto* ours = static_cast<const AlpnList*>(argument);
    unsigned char* chosen = nullptr;
    // Our order of preference, among what the client offers.
    if (SSL_select_next_proto(&chosen, out_length, ours->wire.data(),
                              static_cast<unsigned>(ours->wire.size()), offered,
                              offered_length) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;  // no common protocol: go on without ALPN, as RFC 7301 allows
    *out = chosen;
    return SSL_TLSEXT_ERR_OK;
}

std::string first_error(const std::string& fallback) {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return fallback;
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

}  // namespace

TlsServerContext make_tls_server_context(const TlsServerFiles& files,
                                         std::vector<std::string> alpn) {
    auto owner = std::make_shared<ContextWithAlpn>();
    std::shared_ptr<ssl::context> context(owner, &owner->context);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    // Resumption by stateless tickets (the default), with the server-side cache for TLS 1.2.
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);
    boost::system::error_code ec;
    context->use_certificate_chain_file(files.certificate, ec);
    if (ec) return {nullptr, "certificate " + files.certificate + ": " + first_error(ec.message())};
    context->use_private_key_file(files.key, ssl::context::pem, ec);
    if (ec) return {nullptr, "key " + files.key + ": " + first_error(ec.message())};
    if (SSL_CTX_check_private_key(native) != 1)
        return {nullptr, "key " + files.key + " does not match certificate " + files.certificate};
    if (!alpn.empty()) {
        for (const std::string& name : alpn) {
            owner->alpn.wire.push_back(static_cast<unsigned char>(name.size()));
            owner->alpn.wire.insert(owner->alpn.wire.end(), name.begin(), name.end());
        }
        SSL_CTX_set_alpn_select_cb(native, select_alpn, &owner->alpn);
    }
    return {std::move(context), {}};
}

}  // namespace roja::crypto
