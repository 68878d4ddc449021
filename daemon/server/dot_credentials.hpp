// DoT's certificate and key (server.tls): loaded at start-up, where a bad pair stops rojad, and
// read again on SIGHUP, where a bad new pair keeps the old one and says why. A connection takes
// the context in force when it is accepted and keeps it, so a reload drops no live connection.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "config/config.hpp"
#include "daemon/crypto/tls_server_context.hpp"

namespace roja::server {

class DotCredentials {
  public:
    // Throws std::runtime_error (start-up) when the files do not make a context.
    explicit DotCredentials(const config::DotConfig& config);

    std::shared_ptr<boost::asio::ssl::context> current() const;
    // Reads the files again; the problem (naming the file) when they are bad, else empty.
    std::string reload();

  private:
    crypto::TlsServerFiles files_;
    mutable std::mutex mutex_;  // taken per accepted connection and per reload, never per query
    std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace roja::server
