// A TLS server context as every listener of rojad wants one: TLS 1.2 and 1.3 only, the
// certificate chain and key from PEM files (checked against each other), session resumption by
// tickets, and the ALPN protocols the listener speaks (the first the client also offers wins).
// Used by the DoT listener and the admin API.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ssl/context.hpp>

namespace roja::crypto {

struct TlsServerFiles {
    std::string certificate;  // PEM chain, leaf first
    std::string key;          // PEM private key
};

struct TlsServerContext {
    std::shared_ptr<boost::asio::ssl::context> context;  // null on failure
    std::string problem;                                 // why, naming the file
};

// `alpn`: protocol names in our order of preference (empty: no ALPN). No exceptions: a reload
// keeps the old context when the new files are bad.
TlsServerContext make_tls_server_context(const TlsServerFiles& files,
                                         std::vector<std::string> alpn = {});

}  // namespace roja::crypto
