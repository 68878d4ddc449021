// School mode's TLS server side: one context whose server-name callback shows the warning page
// over HTTPS for blocked names only, with a certificate the CertificateMinter makes for that
// name. Other names fail the handshake (unrecognized_name), so the school's CA never signs a
// name that is not blocked for the asking client.
#pragma once

#include <string>

#include <boost/asio/ssl/context.hpp>

#include "config/http_config.hpp"
#include "daemon/http/certificate_minter.hpp"
#include "filter/policy.hpp"

namespace roja::http {

// What the server-name callback of one connection needs (set as the SSL's app data).
struct SchoolHandshake {
    const filter::Policy* policy = nullptr;
    filter::GroupIndex group = 0;
    std::string name;  // the name the certificate was minted for
};

class SchoolTls {
  public:
    // Throws (start-up only) when the CA cannot be loaded.
    explicit SchoolTls(const config::WarningPageConfig& page);
    SchoolTls(const SchoolTls&) = delete;
    SchoolTls& operator=(const SchoolTls&) = delete;

    boost::asio::ssl::context& context() noexcept { return context_; }
    // Sets the connection's SchoolHandshake for the callback (in an ex_data slot of our own:
    // Asio keeps its verify callback in the SSL's "app data" slot and deletes it with the SSL).
    static void attach(SSL* ssl, SchoolHandshake& handshake) noexcept;
    const CertificateMinter& minter() const noexcept { return minter_; }

  private:
    static int on_server_name(SSL* ssl, int* alert, void* self);
    static int handshake_index() noexcept;

    boost::asio::ssl::context context_{boost::asio::ssl::context::tls_server};
    CertificateMinter minter_;
};

}  // namespace roja::http
