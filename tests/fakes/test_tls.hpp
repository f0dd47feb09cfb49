#pragma once

#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace onevoice::tests {

// A server certificate and its private key, as PEM files.
struct TestCertificate {
    std::string cert_file;
    std::string key_file;
};

// When a certificate is valid, in seconds from the moment it is made; the
// default is an hour ago to a day ahead. Both in the past: an expired one.
struct CertValidity {
    std::chrono::seconds not_before = std::chrono::hours(-1);
    std::chrono::seconds not_after = std::chrono::hours(24);
};

// A certificate authority made at test time with the OpenSSL 3 API (P-256
// keys, SHA-256 signatures), so no key material lives in the repository. Its
// files sit in a fresh temporary directory that the destructor removes.
// Give `ca_file()` to net::make_client_tls_context; `issue` server
// certificates for the fake servers. Throws std::runtime_error with OpenSSL's
// message when a step fails. Not thread-safe.
class TestCa {
public:
    explicit TestCa(const std::string& common_name = "OneVoice Test CA");
    ~TestCa();
    TestCa(const TestCa&) = delete;
    TestCa& operator=(const TestCa&) = delete;

    // The CA certificate (PEM).
    const std::string& ca_file() const;

    // A server certificate signed by this CA, valid from an hour ago for a
    // day, with subjectAltName DNS:`dns_names`… and IP:`ip_addresses`…, and
    // extendedKeyUsage serverAuth. `name` (a file-name stem) names its files.
    TestCertificate issue(const std::string& name, const std::vector<std::string>& dns_names,
                          const std::vector<std::string>& ip_addresses);
    // The same with another validity period, or (`is_self_signed`) signed by
    // its own key instead of this CA's: a certificate no trust store knows.
    TestCertificate issue(const std::string& name, const std::vector<std::string>& dns_names,
                          const std::vector<std::string>& ip_addresses,
                          const CertValidity& validity, bool is_self_signed = false);
    // The usual one: DNS:localhost and IP:127.0.0.1.
    TestCertificate issue_localhost() { return issue("localhost", {"localhost"}, {"127.0.0.1"}); }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// A TLS 1.2+ server context presenting `certificate` (for fake Slack and
// Matrix servers on 127.0.0.1).
boost::asio::ssl::context make_server_tls_context(const TestCertificate& certificate);

} // namespace onevoice::tests
