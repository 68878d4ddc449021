// Signed checkpoints of the audit chain: the node's Ed25519 key (OpenSSL 3, PEM) signs the
// SHA-256 of the record before the checkpoint, which commits to every record before it, so
// not even the operator can rewrite history without the key (docs/audit.md).
//
//   signed message: "roja-audit-checkpoint v1\n<seq of the signed record>\n<its SHA-256 hex>\n"
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/crypto/openssl_handles.hpp"
#include "filter/result.hpp"

namespace roja::audit {

std::string checkpoint_message(std::uint64_t signed_seq, std::string_view signed_sha256);

class CheckpointSigner {
  public:
    // An Ed25519 private key in PEM (openssl genpkey -algorithm ed25519).
    static Result<std::unique_ptr<CheckpointSigner>> load(const std::filesystem::path& pem_file);
    // Base64 of the 64-byte signature.
    std::string sign(std::string_view message) const;
    // The first 16 hex digits of the SHA-256 of the raw public key: which key signed.
    const std::string& key_id() const noexcept { return key_id_; }
    // The public half (PEM), what a regulator verifies checkpoints with.
    std::string public_key_pem() const;

  private:
    explicit CheckpointSigner(crypto::PkeyPtr key);
    crypto::PkeyPtr key_;
    std::string key_id_;
};

class CheckpointVerifier {
  public:
    // An Ed25519 public key in PEM (openssl pkey -pubout).
    static Result<std::unique_ptr<CheckpointVerifier>> load(std::string_view pem_text);
    bool verify(std::string_view message, std::string_view signature_base64) const;
    const std::string& key_id() const noexcept { return key_id_; }

  private:
    explicit CheckpointVerifier(crypto::PkeyPtr key);
    crypto::PkeyPtr key_;
    std::string key_id_;
};

}  // namespace roja::audit
