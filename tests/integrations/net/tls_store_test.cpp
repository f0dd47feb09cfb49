// How make_client_tls_context holds its trust stores: one lazily filled system
// store shared by every context without a CA file, a store of its own for a
// context with one; and the lazy store trusting what the eager one did.
#include "integrations/net/tls.hpp"
#include "tests/fakes/temp_dir.hpp"
#include "tests/fakes/test_tls.hpp"

#include <doctest/doctest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace net = onevoice::integrations::net;
using onevoice::tests::TempDir;
using onevoice::tests::TestCa;

namespace {

struct X509Free {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr read_certificate(const std::string& path) {
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_file(path.c_str(), "r"), BIO_free);
    REQUIRE(in);
    X509Ptr certificate(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
    REQUIRE(certificate);
    return certificate;
}

X509_STORE* store_of(boost::asio::ssl::context& ctx) {
    return SSL_CTX_get_cert_store(ctx.native_handle());
}

bool holds(X509_STORE* store, X509* certificate) {
    return X509_OBJECT_retrieve_by_subject(X509_STORE_get0_objects(store), X509_LU_X509,
                                           X509_get_subject_name(certificate)) != nullptr;
}

// The certificates a store holds in memory (parsed, not merely findable).
int parsed_certificates(X509_STORE* store) {
    int count = 0;
    STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
        count += X509_OBJECT_get_type(sk_X509_OBJECT_value(objects, i)) == X509_LU_X509 ? 1 : 0;
    }
    return count;
}

// X509_V_OK, or why `leaf` does not verify against `store`.
int verify(X509_STORE* store, X509* leaf) {
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        X509_STORE_CTX_free);
    REQUIRE(X509_STORE_CTX_init(ctx.get(), store, leaf, nullptr) == 1);
    X509_verify_cert(ctx.get());
    return X509_STORE_CTX_get_error(ctx.get());
}

// The CA certificate under its subject hash ("1a2b3c4d.0"), as c_rehash and
// update-ca-certificates lay out /etc/ssl/certs.
void add_hashed(const TempDir& dir, const TestCa& ca) {
    const X509Ptr certificate = read_certificate(ca.ca_file());
    char name[16];
    std::snprintf(name, sizeof name, "%08lx.0", X509_subject_name_hash(certificate.get()));
    std::filesystem::copy_file(ca.ca_file(), dir.file(name));
}

} // namespace

TEST_SUITE_BEGIN("integrations");

TEST_CASE("make_client_tls_context: contexts without a CA file share one system store") {
    auto chat = net::make_client_tls_context();
    auto sources = net::make_client_tls_context();
    CHECK(store_of(chat) == store_of(sources));
    CHECK(SSL_CTX_get_verify_mode(chat.native_handle()) == SSL_VERIFY_PEER);
    CHECK(SSL_CTX_get_min_proto_version(sources.native_handle()) == TLS1_2_VERSION);
}

TEST_CASE("make_client_tls_context: a CA file never becomes trusted by the shared store") {
    TestCa ca;
    const X509Ptr ca_certificate = read_certificate(ca.ca_file());
    auto shared = net::make_client_tls_context();
    auto trusting = net::make_client_tls_context(ca.ca_file());
    CHECK(store_of(trusting) != store_of(shared));
    CHECK(holds(store_of(trusting), ca_certificate.get()));
    const X509Ptr leaf = read_certificate(ca.issue_localhost().cert_file);
    CHECK(verify(store_of(trusting), leaf.get()) == X509_V_OK);
    CHECK(verify(store_of(shared), leaf.get()) != X509_V_OK);
    CHECK_FALSE(holds(store_of(shared), ca_certificate.get()));
    auto later = net::make_client_tls_context();
    CHECK(store_of(later) == store_of(shared));
}

TEST_CASE("make_lazy_trust_store: the bundle is parsed only when the directory misses") {
    TestCa ca;
    TestCa other("Somebody Else's CA");
    const X509Ptr leaf = read_certificate(ca.issue_localhost().cert_file);
    const X509Ptr other_certificate = read_certificate(other.ca_file());
    TempDir dir;

    SUBCASE("found in the hashed directory: the bundle stays unread") {
        add_hashed(dir, ca);
        const net::X509StorePtr store = net::make_lazy_trust_store(dir.str(), other.ca_file());
        CHECK(parsed_certificates(store.get()) == 0);
        CHECK(verify(store.get(), leaf.get()) == X509_V_OK);
        CHECK(parsed_certificates(store.get()) == 1);
        CHECK_FALSE(holds(store.get(), other_certificate.get()));
    }
    SUBCASE("only in the bundle: parsed on the miss, then trusted") {
        const net::X509StorePtr store = net::make_lazy_trust_store(dir.str(), ca.ca_file());
        CHECK(parsed_certificates(store.get()) == 0);
        CHECK(verify(store.get(), leaf.get()) == X509_V_OK);
        CHECK(parsed_certificates(store.get()) == 1);
        // Parsed once: a second verification finds it in the store.
        CHECK(verify(store.get(), leaf.get()) == X509_V_OK);
        CHECK(parsed_certificates(store.get()) == 1);
    }
    SUBCASE("in neither: not trusted, although the bundle was read") {
        const net::X509StorePtr store = net::make_lazy_trust_store(dir.str(), other.ca_file());
        CHECK(verify(store.get(), leaf.get()) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        CHECK(holds(store.get(), other_certificate.get()));
    }
    SUBCASE("a missing bundle trusts nothing more and is no error") {
        const net::X509StorePtr store =
            net::make_lazy_trust_store(dir.str(), dir.file("no-such-bundle.pem"));
        CHECK(verify(store.get(), leaf.get()) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        CHECK(parsed_certificates(store.get()) == 0);
    }
}

TEST_SUITE_END();
