#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>

namespace onevoice::integrations::net {

// The client TLS settings every connection of the bot shares: TLS 1.2 or
// newer, peer verification against the system trust store, plus `ca_file`
// (PEM, one or more certificates) when it is not empty, for a private CA or
// a test CA. Throws std::runtime_error naming the file when `ca_file` cannot
// be loaded; meant for start-up, where the caller turns it into a ConfigError.
// Contexts without `ca_file` share one system store (make_lazy_trust_store with
// OpenSSL's default paths): never add a CA to a returned context's store, pass
// `ca_file` instead.
boost::asio::ssl::context make_client_tls_context(const std::string& ca_file = {});

struct X509StoreFree {
    void operator()(X509_STORE* store) const noexcept;
};
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreFree>;

// A trust store that trusts what X509_STORE_set_default_paths would (the
// hashed directory `cert_dir` and the bundle `cert_file`; empty: OpenSSL's
// defaults and their SSL_CERT_DIR / SSL_CERT_FILE overrides) without parsing
// the bundle up front: an issuer is looked up in the directory first, and the
// bundle (about 150 certificates, 0.8 MB once parsed and tens of milliseconds
// at start-up) is parsed only when a look-up misses there. On systems whose
// directory mirrors the bundle (Debian's /etc/ssl/certs) it is never parsed.
X509StorePtr make_lazy_trust_store(const std::string& cert_dir, const std::string& cert_file);

// Sets SNI on one client connection, for host names only (RFC 6066 §3
// forbids IP literals there), and tells OpenSSL which name or IP address the
// certificate must carry. Prefer `prepare_client_tls`.
boost::system::error_code set_peer_name(SSL* ssl, const std::string& host);

// Prepares one client connection to `host` before its handshake: SNI, and a
// check of the peer certificate against `host` (a DNS name, or for an IP
// literal an IP address SAN). `SslStream` is boost::asio::ssl::stream or
// boost::beast::ssl_stream. Returns the first error; the handshake must not
// start then.
template <class SslStream>
boost::system::error_code prepare_client_tls(SslStream& stream, const std::string& host) {
    boost::system::error_code ec = set_peer_name(stream.native_handle(), host);
    if (!ec) {
        stream.set_verify_mode(boost::asio::ssl::verify_peer, ec);
    }
    if (!ec) {
        // The same check as OpenSSL's own (set_peer_name), kept as the Beast
        // examples do it; OpenSSL's runs first and names the failure.
        stream.set_verify_callback(boost::asio::ssl::host_name_verification(host), ec);
    }
    return ec;
}

// Whether `ec` is a failed certificate verification (untrusted issuer, wrong
// host, expired…), as opposed to a network failure: a configuration problem
// that retrying does not fix.
bool is_certificate_error(const boost::system::error_code& ec);

// "certificate verify failed (unable to get local issuer certificate)" style
// text for a log line: the OpenSSL reason, plus the verify result when known.
std::string describe_tls_error(const boost::system::error_code& ec, SSL* ssl = nullptr);

} // namespace onevoice::integrations::net
