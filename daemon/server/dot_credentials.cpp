#include "daemon/server/dot_credentials.hpp"

#include <stdexcept>

namespace roja::server {

namespace {

// RFC 7858 §3.2 registers "dot" for DNS over TLS.
crypto::TlsServerContext make_dot_context(const crypto::TlsServerFiles& files) {
    return crypto::make_tls_server_context(files, {"dot"});
}

}  // namespace

DotCredentials::DotCredentials(const config::DotConfig& config)
    : files_{config.certificate, config.key} {
    auto made = make_dot_context(files_);
    if (!made.context) throw std::runtime_error("server.tls " + made.problem);
    context_ = std::move(made.context);
}

std::shared_ptr<boost::asio::ssl::context> DotCredentials::current() const {
    const std::lock_guard lock(mutex_);
    return context_;
}

std::string DotCredentials::reload() {
    auto made = make_dot_context(files_);
    if (!made.context) return made.problem;
    const std::lock_guard lock(mutex_);
    context_ = std::move(made.context);
    return {};
}

}  // namespace roja::server
