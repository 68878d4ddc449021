// OpenSSL handles as unique_ptrs and the error queue as text, for the feed signature checks.
#pragma once

// pem.h first: cms.h declares PEM_read_bio_CMS only when pem.h was seen.
#include <openssl/pem.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace roja::crypto {

template <auto Free>
struct OpenSslFree {
    template <class T>
    void operator()(T* handle) const noexcept {
        Free(handle);
    }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslFree<EVP_MD_CTX_free>>;
using MdPtr = std::unique_ptr<EVP_MD, OpenSslFree<EVP_MD_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree<BIO_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, OpenSslFree<CMS_ContentInfo_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslFree<X509_free>>;
using StorePtr = std::shared_ptr<X509_STORE>;  // shared read-only by every verification

// A read-only memory BIO over `bytes` (which must outlive it).
BioPtr memory_bio(std::span<const std::uint8_t> bytes);

// Empties this thread's OpenSSL error queue; returns its first entry as "reason (data)" or
// `fallback` when there was none. Called after every failed OpenSSL call so no error leaks into
// unrelated code (curl's TLS) on the same thread.
std::string take_openssl_error(const char* fallback);

}  // namespace roja::crypto
