#include "tests/fakes/test_tls.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <stdlib.h>
#include <system_error>

namespace onevoice::tests {

namespace {

namespace fs = std::filesystem;

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
struct BioFree {
    void operator()(BIO* p) const { BIO_free_all(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

[[noreturn]] void fail(const std::string& step) {
    char buffer[256] = {};
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    throw std::runtime_error("test TLS: " + step + ": " + buffer);
}

void check(int ok, const std::string& step) {
    if (ok != 1) {
        fail(step);
    }
}

Pkey make_key() {
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!ctx) {
        fail("EVP_PKEY_CTX_new_from_name");
    }
    check(EVP_PKEY_keygen_init(ctx.get()), "keygen init");
    check(EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256"), "set group");
    EVP_PKEY* key = nullptr;
    check(EVP_PKEY_generate(ctx.get(), &key), "generate key");
    return Pkey(key);
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
    if (ext == nullptr) {
        fail("extension " + value);
    }
    const int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    check(ok, "add extension " + value);
}

// A certificate for `key` named `common_name`, not yet signed. `issuer` null: self-issued.
Cert make_cert(EVP_PKEY* key, const std::string& common_name, X509* issuer, long serial,
               const CertValidity& validity = {}) {
    Cert cert(X509_new());
    if (!cert) {
        fail("X509_new");
    }
    check(X509_set_version(cert.get(), X509_VERSION_3), "set version");
    check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial), "set serial");
    // The default hour of slack in both directions keeps clock skew out of the tests.
    if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), validity.not_before.count()) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(cert.get()), validity.not_after.count()) == nullptr) {
        fail("set validity");
    }
    check(X509_set_pubkey(cert.get(), key), "set public key");
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0),
          "set common name");
    check(
        X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name),
        "set issuer");
    return cert;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_file(path.c_str(), "w"));
    if (!bio) {
        fail("open " + path);
    }
    if (cert != nullptr) {
        check(PEM_write_bio_X509(bio.get(), cert), "write " + path);
    }
    if (key != nullptr) {
        check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
              "write " + path);
    }
}

} // namespace

struct TestCa::Impl {
    fs::path dir;
    std::string ca_file;
    Pkey key;
    Cert cert;
    long serial = 1;
};

TestCa::TestCa(const std::string& common_name)
    : m_impl(std::make_unique<Impl>()) {
    std::string pattern = (fs::temp_directory_path() / "onevoice-tls-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("test TLS: mkdtemp failed");
    }
    m_impl->dir = pattern;
    m_impl->key = make_key();
    m_impl->cert = make_cert(m_impl->key.get(), common_name, nullptr, m_impl->serial++);
    X509* cert = m_impl->cert.get();
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    add_extension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert, &ctx, NID_subject_key_identifier, "hash");
    add_extension(cert, &ctx, NID_authority_key_identifier, "keyid:always");
    if (X509_sign(cert, m_impl->key.get(), EVP_sha256()) == 0) {
        fail("sign CA");
    }
    m_impl->ca_file = (m_impl->dir / "ca.pem").string();
    write_pem(m_impl->ca_file, cert, nullptr);
}

TestCa::~TestCa() {
    std::error_code ignored;
    fs::remove_all(m_impl->dir, ignored);
}

const std::string& TestCa::ca_file() const {
    return m_impl->ca_file;
}

TestCertificate TestCa::issue(const std::string& name, const std::vector<std::string>& dns_names,
                              const std::vector<std::string>& ip_addresses) {
    return issue(name, dns_names, ip_addresses, CertValidity{}, false);
}

TestCertificate TestCa::issue(const std::string& name, const std::vector<std::string>& dns_names,
                              const std::vector<std::string>& ip_addresses,
                              const CertValidity& validity, bool is_self_signed) {
    const Pkey key = make_key();
    const std::string common_name = dns_names.empty() ? ip_addresses.at(0) : dns_names.front();
    X509* issuer = is_self_signed ? nullptr : m_impl->cert.get();
    EVP_PKEY* signer = is_self_signed ? key.get() : m_impl->key.get();
    Cert cert = make_cert(key.get(), common_name, issuer, m_impl->serial++, validity);
    std::string san;
    for (const auto& dns : dns_names) {
        san += (san.empty() ? "DNS:" : ",DNS:") + dns;
    }
    for (const auto& ip : ip_addresses) {
        san += (san.empty() ? "IP:" : ",IP:") + ip;
    }
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), &ctx, NID_subject_alt_name, san);
    add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
    if (!is_self_signed) {
        add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    }
    if (X509_sign(cert.get(), signer, EVP_sha256()) == 0) {
        fail("sign " + name);
    }
    TestCertificate out{(m_impl->dir / (name + ".crt")).string(),
                        (m_impl->dir / (name + ".key")).string()};
    write_pem(out.cert_file, cert.get(), nullptr);
    write_pem(out.key_file, nullptr, key.get());
    return out;
}

boost::asio::ssl::context make_server_tls_context(const TestCertificate& certificate) {
    boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_server);
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1) {
        fail("min protocol");
    }
    ctx.use_certificate_chain_file(certificate.cert_file);
    ctx.use_private_key_file(certificate.key_file, boost::asio::ssl::context::pem);
    return ctx;
}

} // namespace onevoice::tests
