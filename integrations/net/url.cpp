#include "integrations/net/url.hpp"

#include <algorithm>
#include <cctype>

namespace onevoice::integrations::net {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_host_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_char(unsigned char c) {
    return std::isxdigit(c) != 0 || c == ':' || c == '.';
}

std::optional<std::uint16_t> parse_port(std::string_view digits) {
    if (digits.empty() || digits.size() > 5) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

// Splits "host", "host:port", "[v6]" or "[v6]:port". Empty host or port is an error.
bool parse_authority(std::string_view authority, Url& url) {
    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        url.host = lower(authority.substr(1, close - 1));
        if (url.host.empty() || !std::all_of(url.host.begin(), url.host.end(), [](char c) {
                return is_ipv6_char(static_cast<unsigned char>(c));
            })) {
            return false;
        }
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return false;
            }
            has_port = true;
            port_text = after.substr(1);
        }
    } else {
        const auto colon = authority.find(':');
        url.host = lower(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            has_port = true;
            port_text = authority.substr(colon + 1);
        }
        if (url.host.empty() || !std::all_of(url.host.begin(), url.host.end(), [](char c) {
                return is_host_char(static_cast<unsigned char>(c));
            })) {
            return false;
        }
    }
    if (has_port) {
        const auto port = parse_port(port_text);
        if (!port) {
            return false;
        }
        url.port = *port;
    } else {
        url.port = url.tls() ? 443 : 80;
    }
    return true;
}

} // namespace

std::optional<Url> Url::parse(std::string_view text) {
    // Anything that could not appear verbatim in a request line is refused
    // rather than percent-encoded: the URLs come from config, not from users.
    if (std::any_of(text.begin(), text.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u <= 0x20 || u >= 0x7f;
        })) {
        return std::nullopt;
    }
    const auto sep = text.find("://");
    if (sep == std::string_view::npos) {
        return std::nullopt;
    }
    Url url;
    url.scheme = lower(text.substr(0, sep));
    if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" &&
        url.scheme != "wss") {
        return std::nullopt;
    }
    auto rest = text.substr(sep + 3);
    const auto authority_end = rest.find_first_of("/?#");
    const auto authority = rest.substr(0, authority_end);
    if (authority.find('@') != std::string_view::npos || !parse_authority(authority, url)) {
        return std::nullopt;
    }
    rest =
        authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
    // The fragment never goes on the wire (RFC 9110 §4.2.4).
    rest = rest.substr(0, rest.find('#'));
    if (rest.empty() || rest.front() == '?') {
        url.target = "/" + std::string(rest);
    } else {
        url.target = std::string(rest);
    }
    return url;
}

Url Url::join(std::string_view path) const {
    Url out = *this;
    std::string base = target.substr(0, target.find('?'));
    while (!path.empty() && path.front() == '/') {
        path.remove_prefix(1);
    }
    if (base.empty() || base.back() != '/') {
        base += '/';
    }
    out.target = base + std::string(path);
    return out;
}

std::string Url::host_header() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (!default_port()) {
        out += ":" + std::to_string(port);
    }
    return out;
}

std::string Url::origin() const {
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return scheme + "://" + h + ":" + std::to_string(port);
}

std::string Url::str() const {
    return scheme + "://" + host_header() + target;
}

std::string Url::for_log() const {
    return scheme + "://" + host_header() + target.substr(0, target.find('?'));
}

bool is_web_link(std::string_view link) {
    const std::string head = lower(link.substr(0, 6));
    return head.starts_with("http:") || head.starts_with("https:");
}

} // namespace onevoice::integrations::net
