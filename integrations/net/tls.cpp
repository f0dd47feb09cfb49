#include "integrations/net/tls.hpp"

#include "bot/runtime/log.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

namespace onevoice::integrations::net {

namespace ssl = boost::asio::ssl;

namespace {

// The CA bundle of a lazy trust store, parsed on the first look-up that the
// hashed directory could not answer.
struct LazyBundle {
    std::string file;
    std::once_flag loaded;
};

LazyBundle* bundle_of(X509_LOOKUP* lookup) {
    return static_cast<LazyBundle*>(X509_LOOKUP_get_method_data(lookup));
}

int bundle_by_subject(X509_LOOKUP* lookup, X509_LOOKUP_TYPE type, const X509_NAME* name,
                      X509_OBJECT* ret) {
    LazyBundle* bundle = bundle_of(lookup);
    if (bundle == nullptr) {
        return 0;
    }
    std::call_once(bundle->loaded, [lookup, bundle] {
        // Adds every certificate of the file to the lookup's store. A missing or
        // unreadable bundle only trusts nothing more, as with
        // X509_STORE_set_default_paths, which ignores that error too.
        X509_load_cert_crl_file(lookup, bundle->file.c_str(), X509_FILETYPE_PEM);
        ERR_clear_error();
    });
    if (type != X509_LU_X509) {
        return 0;
    }
    X509_STORE* store = X509_LOOKUP_get_store(lookup);
    if (X509_STORE_lock(store) != 1) {
        return 0;
    }
    int found = 0;
    if (X509_OBJECT* cached =
            X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), type, name)) {
        X509* certificate = X509_OBJECT_get0_X509(cached);
        found = X509_OBJECT_set1_X509(ret, certificate);
        if (found == 1) {
            // Like OpenSSL's own look-ups, hand out the store's certificate without
            // a reference of our own: the caller (X509_STORE_CTX_get_by_subject)
            // takes one, and the store keeps the certificate alive.
            X509_free(certificate);
        }
    }
    X509_STORE_unlock(store);
    return found;
}

void bundle_free(X509_LOOKUP* lookup) {
    delete bundle_of(lookup);
    X509_LOOKUP_set_method_data(lookup, nullptr);
}

X509_LOOKUP_METHOD* lazy_bundle_method() {
    static X509_LOOKUP_METHOD* const method = [] {
        X509_LOOKUP_METHOD* created = X509_LOOKUP_meth_new("OneVoice CA bundle, parsed on a miss");
        if (created == nullptr ||
            X509_LOOKUP_meth_set_get_by_subject(created, bundle_by_subject) != 1 ||
            X509_LOOKUP_meth_set_free(created, bundle_free) != 1) {
            throw std::runtime_error("TLS: cannot create a certificate look-up");
        }
        return created;
    }();
    return method;
}

// The system trust store, shared by every context that trusts nothing else
// (chat adapter and listening sources). An X509_STORE is reference-counted and
// locks itself, so contexts on any thread may verify against it. Deliberately
// never freed: it lives as long as OpenSSL's own global state, and freeing it
// from a static destructor could run after OpenSSL's cleanup.
X509_STORE* system_trust_store() {
    static X509_STORE* const store = make_lazy_trust_store({}, {}).release();
    return store;
}

} // namespace

void X509StoreFree::operator()(X509_STORE* store) const noexcept {
    X509_STORE_free(store);
}

X509StorePtr make_lazy_trust_store(const std::string& cert_dir, const std::string& cert_file) {
    X509StorePtr store{X509_STORE_new()};
    if (!store) {
        throw std::runtime_error("TLS: cannot create a certificate store");
    }
    // Look-ups run in the order they were added: the directory first.
    X509_LOOKUP* directory = X509_STORE_add_lookup(store.get(), X509_LOOKUP_hash_dir());
    X509_LOOKUP* bundle = X509_STORE_add_lookup(store.get(), lazy_bundle_method());
    if (directory == nullptr || bundle == nullptr) {
        throw std::runtime_error("TLS: cannot add a certificate look-up");
    }
    // Empty: OpenSSL's defaults, with the SSL_CERT_DIR / SSL_CERT_FILE overrides
    // X509_STORE_set_default_paths honours.
    if (cert_dir.empty()) {
        X509_LOOKUP_add_dir(directory, nullptr, X509_FILETYPE_DEFAULT);
    } else {
        X509_LOOKUP_add_dir(directory, cert_dir.c_str(), X509_FILETYPE_PEM);
    }
    std::string file = cert_file;
    if (file.empty()) {
        const char* from_env = std::getenv(X509_get_default_cert_file_env());
        file = from_env != nullptr ? from_env : X509_get_default_cert_file();
    }
    auto data = std::make_unique<LazyBundle>();
    data->file = std::move(file);
    if (X509_LOOKUP_set_method_data(bundle, data.get()) == 1) {
        data.release(); // freed with the look-up (bundle_free)
    }
    ERR_clear_error();
    return store;
}

ssl::context make_client_tls_context(const std::string& ca_file) {
    ssl::context ctx(ssl::context::tls_client);
    // TLS 1.0/1.1 are deprecated (RFC 8996); Slack and Matrix homeservers speak 1.2+.
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1) {
        throw std::runtime_error("TLS: cannot require TLS 1.2");
    }
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    ctx.set_verify_mode(ssl::verify_peer);
    if (ca_file.empty()) {
        SSL_CTX_set1_cert_store(ctx.native_handle(), system_trust_store());
    } else {
        // Its own store: the extra CA must not become trusted by the other contexts.
        boost::system::error_code ec;
        ctx.set_default_verify_paths(ec);
        if (ec) {
            // Not fatal: with a private CA in `ca_file` the system store is not needed.
            bot::log::warn("TLS: no system trust store", {{"error", ec.message()}});
        }
        ctx.load_verify_file(ca_file, ec);
        if (ec) {
            throw std::runtime_error("cannot load CA file '" + ca_file + "': " + ec.message());
        }
    }
    return ctx;
}

boost::system::error_code set_peer_name(SSL* ssl, const std::string& host) {
    const auto failed = [] {
        return boost::system::error_code{static_cast<int>(::ERR_get_error()),
                                         boost::asio::error::get_ssl_category()};
    };
    boost::system::error_code not_ip;
    boost::asio::ip::make_address(host, not_ip);
    if (!not_ip) {
        // An IP literal: no SNI (RFC 6066 §3), and the certificate needs an IP SAN.
        if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) != 1) {
            return failed();
        }
        return {};
    }
    // SSL_set_tlsext_host_name spelled out: the macro's C cast trips -Wold-style-cast.
    if (SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(host.c_str())) != 1) {
        return failed();
    }
    // Checked inside chain verification, so a mismatch is reported as
    // X509_V_ERR_HOSTNAME_MISMATCH rather than an unspecified failure.
    if (SSL_set1_host(ssl, host.c_str()) != 1) {
        return failed();
    }
    return {};
}

bool is_certificate_error(const boost::system::error_code& ec) {
    if (ec.category() != boost::asio::error::get_ssl_category()) {
        return false;
    }
    const auto code = static_cast<unsigned long>(ec.value());
    return ERR_GET_LIB(code) == ERR_LIB_SSL &&
           ERR_GET_REASON(code) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

std::string describe_tls_error(const boost::system::error_code& ec, SSL* ssl) {
    std::string text = ec.message();
    if (ssl != nullptr && is_certificate_error(ec)) {
        const long result = SSL_get_verify_result(ssl);
        if (result != X509_V_OK) {
            text += std::string(" (") + X509_verify_cert_error_string(result) + ")";
        }
    }
    return text;
}

} // namespace onevoice::integrations::net
