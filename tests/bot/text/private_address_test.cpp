#include "bot/text/private_address.hpp"

#include <doctest/doctest.h>

using onevoice::bot::is_private_host;

TEST_SUITE_BEGIN("bot");

TEST_CASE("is_private_host: loopback, link-local, private and unspecified addresses") {
    for (const char* host : {"localhost",
                             "LOCALHOST.",
                             "api.localhost",
                             "127.0.0.1",
                             "127.8.9.10",
                             "::1",
                             "[::1]",
                             "169.254.169.254",
                             "fe80::1",
                             "fe80::1%eth0",
                             "[fe80::1]",
                             "10.0.0.1",
                             "172.16.0.1",
                             "172.31.255.255",
                             "192.168.1.1",
                             "fc00::1",
                             "fd12:3456::1",
                             "0.0.0.0",
                             "::",
                             "[::]",
                             "::ffff:127.0.0.1",
                             "[::ffff:7f00:1]",
                             "::ffff:10.1.2.3",
                             "::ffff:169.254.169.254"}) {
        CAPTURE(host);
        CHECK(is_private_host(host));
    }
}

TEST_CASE("is_private_host: IPv4 shorthand that getaddrinfo accepts counts too") {
    for (const char* host : {"2130706433", "0x7f000001", "127.1", "0177.0.0.1", "10.1"}) {
        CAPTURE(host);
        CHECK(is_private_host(host));
    }
}

TEST_CASE("is_private_host: public addresses and names are not private") {
    for (const char* host :
         {"example.org", "mastodon.social", "localhost.example.org", "93.184.216.34", "172.32.0.1",
          "172.15.255.255", "192.169.0.1", "11.0.0.1", "2001:db8::1", "[2606:4700::1111]",
          "::ffff:93.184.216.34", "203.0.113.5"}) {
        CAPTURE(host);
        CHECK_FALSE(is_private_host(host));
    }
}

TEST_SUITE_END();
