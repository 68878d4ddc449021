#include "daemon/audit/checkpoint_key.hpp"

#include <array>
#include <fstream>
#include <sstream>

#include "daemon/crypto/base64.hpp"
#include "daemon/crypto/sha256.hpp"

namespace roja::audit {

namespace {

boost::system::error_code key_error() {
    crypto::take_openssl_error("bad key");
    return make_error_code(boost::system::errc::invalid_argument);
}

std::string key_id_of(EVP_PKEY* key) {
    std::array<unsigned char, 32> raw{};
    std::size_t length = raw.size();
    if (EVP_PKEY_get_raw_public_key(key, raw.data(), &length) != 1) return {};
    return crypto::sha256_hex({reinterpret_cast<const char*>(raw.data()), length}).substr(0, 16);
}

bool is_ed25519(EVP_PKEY* key) {
    return key && EVP_PKEY_get_id(key) == EVP_PKEY_ED25519;
}

}  // namespace

std::string checkpoint_message(std::uint64_t signed_seq, std::string_view signed_sha256) {
    return "roja-audit-checkpoint v1\n" + std::to_string(signed_seq) + "\n" +
           std::string(signed_sha256) + "\n";
}

CheckpointSigner::CheckpointSigner(crypto::PkeyPtr key)
    : key_(std::move(key)), key_id_(key_id_of(key_.get())) {}

Result<std::unique_ptr<CheckpointSigner>> CheckpointSigner::load(
    const std::filesystem::path& pem_file) {
    std::ifstream in(pem_file, std::ios::binary);
    if (!in) return make_error_code(boost::system::errc::no_such_file_or_directory);
    std::ostringstream text;
    text << in.rdbuf();
    const std::string pem = text.str();
    auto bio = crypto::memory_bio({reinterpret_cast<const std::uint8_t*>(pem.data()), pem.size()});
    crypto::PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!is_ed25519(key.get())) return key_error();
    return std::unique_ptr<CheckpointSigner>(new CheckpointSigner(std::move(key)));
}

std::string CheckpointSigner::sign(std::string_view message) const {
    crypto::MdCtxPtr context(EVP_MD_CTX_new());
    std::array<unsigned char, 64> signature{};
    std::size_t length = signature.size();
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(context.get(), signature.data(), &length,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
        crypto::take_openssl_error("sign");
        return {};
    }
    return crypto::encode_base64({signature.data(), length});
}

std::string CheckpointSigner::public_key_pem() const {
    crypto::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) return {};
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

CheckpointVerifier::CheckpointVerifier(crypto::PkeyPtr key)
    : key_(std::move(key)), key_id_(key_id_of(key_.get())) {}

Result<std::unique_ptr<CheckpointVerifier>> CheckpointVerifier::load(std::string_view pem_text) {
    auto bio = crypto::memory_bio(
        {reinterpret_cast<const std::uint8_t*>(pem_text.data()), pem_text.size()});
    crypto::PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!is_ed25519(key.get())) return key_error();
    return std::unique_ptr<CheckpointVerifier>(new CheckpointVerifier(std::move(key)));
}

bool CheckpointVerifier::verify(std::string_view message, std::string_view signature_base64) const {
    const auto signature = crypto::decode_base64(signature_base64);
    if (!signature) return false;
    crypto::MdCtxPtr context(EVP_MD_CTX_new());
    const bool ok =
        context &&
        EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
        EVP_DigestVerify(context.get(), signature->data(), signature->size(),
                         reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1;
    if (!ok) crypto::take_openssl_error("verify");
    return ok;
}

}  // namespace roja::audit
