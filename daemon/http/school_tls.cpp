#include "daemon/http/school_tls.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

#include "daemon/http/host_header.hpp"

namespace roja::http {

SchoolTls::SchoolTls(const config::WarningPageConfig& page)
    : minter_(page.school_ca_certificate, page.school_ca_key, page.school_certificate_lifetime) {
    if (handshake_index() < 0)
        throw std::runtime_error("OpenSSL has no ex_data index for the school TLS mode");
    SSL_CTX* ctx = context_.native_handle();
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    // The two SSL_CTX_set_tlsext_servername_* macros, without their C casts.
    using ServerNameCallback = int (*)(SSL*, int*, void*);
    const ServerNameCallback callback = &SchoolTls::on_server_name;
    SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
                          reinterpret_cast<void (*)()>(callback));
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, this);
}

int SchoolTls::handshake_index() noexcept {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

void SchoolTls::attach(SSL* ssl, SchoolHandshake& handshake) noexcept {
    SSL_set_ex_data(ssl, handshake_index(), &handshake);
}

int SchoolTls::on_server_name(SSL* ssl, int* alert, void* self) {
    auto& tls = *static_cast<SchoolTls*>(self);
    auto* handshake = static_cast<SchoolHandshake*>(SSL_get_ex_data(ssl, handshake_index()));
    const char* server_name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    *alert = SSL_AD_UNRECOGNIZED_NAME;
    if (!handshake || !handshake->policy || !server_name) return SSL_TLSEXT_ERR_ALERT_FATAL;
    const HostName host = parse_host_header(server_name);
    if (host.status != HostStatus::name) return SSL_TLSEXT_ERR_ALERT_FATAL;
    if (!handshake->policy->decide(host.canonical, filter::kQtypeA, handshake->group).is_blocked())
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    X509* certificate =
        tls.minter_.certificate_for(host.canonical, CertificateMinter::Clock::now());
    *alert = SSL_AD_INTERNAL_ERROR;
    // SSL_use_certificate takes its own reference: the cache may drop its copy any time.
    if (!certificate || SSL_use_certificate(ssl, certificate) != 1 ||
        SSL_use_PrivateKey(ssl, tls.minter_.leaf_key()) != 1)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    handshake->name = host.canonical;
    return SSL_TLSEXT_ERR_OK;
}

}  // namespace roja::http
