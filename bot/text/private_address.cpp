#include "bot/text/private_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <string>

namespace onevoice::bot {
namespace {

namespace ip = boost::asio::ip;

bool is_private_v4(const ip::address_v4& address) {
    const auto bytes = address.to_bytes();
    return bytes[0] == 0 ||                                // 0.0.0.0/8, unspecified
           bytes[0] == 127 ||                              // loopback
           bytes[0] == 10 ||                               // private
           (bytes[0] == 172 && (bytes[1] & 0xF0) == 16) || // 172.16/12, private
           (bytes[0] == 192 && bytes[1] == 168) ||         // private
           (bytes[0] == 169 && bytes[1] == 254);           // link-local
}

bool is_private(const ip::address& address) {
    if (address.is_v4()) {
        return is_private_v4(address.to_v4());
    }
    const ip::address_v6 v6 = address.to_v6();
    if (v6.is_v4_mapped()) {
        return is_private_v4(ip::make_address_v4(ip::v4_mapped, v6));
    }
    const auto bytes = v6.to_bytes();
    return v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() || v6.is_site_local() ||
           (bytes[0] & 0xFE) == 0xFC; // fc00::/7, unique local
}

} // namespace

bool is_private_host(std::string_view host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    while (!host.empty() && host.back() == '.') {
        host.remove_suffix(1); // "localhost." is the same name
    }
    std::string name(host);
    std::ranges::transform(name, name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "localhost" || name.ends_with(".localhost")) {
        return true;
    }
    boost::system::error_code not_literal;
    const ip::address address = ip::make_address(name, not_literal);
    if (!not_literal) {
        return is_private(address);
    }
    // inet_aton reads the shorthand forms ("127.1", "0x7f000001") that
    // getaddrinfo accepts too, and that make_address refuses.
    in_addr v4{};
    if (::inet_aton(name.c_str(), &v4) != 0) {
        return is_private_v4(ip::address_v4(ntohl(v4.s_addr)));
    }
    return false;
}

} // namespace onevoice::bot
