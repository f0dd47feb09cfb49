#include "integrations/net/tls.hpp"

#include "bot/log.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <stdexcept>

namespace onevoice::integrations::net {

namespace ssl = boost::asio::ssl;

ssl::context make_client_tls_context(const std::string& ca_file) {
    ssl::context ctx(ssl::context::tls_client);
    // TLS 1.0/1.1 are deprecated (RFC 8996); Slack and Matrix homeservers speak 1.2+.
    if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1) {
        throw std::runtime_error("TLS: cannot require TLS 1.2");
    }
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    ctx.set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    ctx.set_default_verify_paths(ec);
    if (ec) {
        // Not fatal: with a private CA in `ca_file` the system store is not needed.
        bot::log::warn("TLS: no system trust store", {{"error", ec.message()}});
    }
    if (!ca_file.empty()) {
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
