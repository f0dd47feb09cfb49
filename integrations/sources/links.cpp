#include "integrations/sources/links.hpp"

#include <cctype>
#include <vector>

namespace onevoice::integrations::sources {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const int lower = std::tolower(static_cast<unsigned char>(c));
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// Keeps reserved characters (they structure the URL) and encodes only what
// a request line cannot carry: controls, spaces, non-ASCII bytes.
std::string encode_unsafe(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 0x0F];
        } else {
            out += c;
        }
    }
    return out;
}

// RFC 3986 §5.2.4, on a path without query.
std::string remove_dot_segments(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 1; // path starts with '/'
    while (start <= path.size()) {
        auto end = path.find('/', start);
        end = end == std::string_view::npos ? path.size() : end;
        const auto segment = path.substr(start, end - start);
        const bool last = end == path.size();
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
            if (last) {
                segments.emplace_back();
            }
        } else if (segment == ".") {
            if (last) {
                segments.emplace_back();
            }
        } else {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto segment : segments) {
        out += '/';
        out += segment;
    }
    return out.empty() ? "/" : out;
}

bool has_http_scheme(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    std::string scheme;
    for (const char c : text.substr(0, colon)) {
        scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return scheme == "http" || scheme == "https";
}

} // namespace

std::string percent_encode(std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[u >> 4];
            out += k_hex[u & 0x0F];
        }
    }
    return out;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else if (text[i] == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += text[i];
        }
    }
    return out;
}

std::optional<std::string> query_parameter(std::string_view url, std::string_view name) {
    const auto question = url.find('?');
    if (question == std::string_view::npos) {
        return std::nullopt;
    }
    auto query = url.substr(question + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return eq == std::string_view::npos ? std::string{}
                                                : percent_decode(pair.substr(eq + 1), true);
        }
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    return std::nullopt;
}

std::string unwrap_google_redirect(std::string_view url) {
    const auto parsed = net::Url::parse(encode_unsafe(url));
    if (!parsed || parsed->target.rfind("/url?", 0) != 0) {
        return std::string(url);
    }
    // www.google.com, google.de, news.google.co.uk...: a "google" label.
    const auto& host = parsed->host;
    const auto label = host.find("google.");
    if (label == std::string::npos || (label != 0 && host[label - 1] != '.')) {
        return std::string(url);
    }
    for (const auto* key : {"url", "q"}) {
        auto real = query_parameter(parsed->target, key);
        if (real && has_http_scheme(*real)) {
            return *real;
        }
    }
    return std::string(url);
}

std::optional<net::Url> resolve_reference(const net::Url& base, std::string_view reference) {
    while (!reference.empty() && std::isspace(static_cast<unsigned char>(reference.front()))) {
        reference.remove_prefix(1);
    }
    while (!reference.empty() && std::isspace(static_cast<unsigned char>(reference.back()))) {
        reference.remove_suffix(1);
    }
    const std::string ref = encode_unsafe(reference.substr(0, reference.find('#')));
    std::optional<net::Url> out;
    if (has_http_scheme(ref)) {
        out = net::Url::parse(ref);
    } else if (ref.rfind("//", 0) == 0) {
        out = net::Url::parse((base.tls() ? "https:" : "http:") + ref);
    } else if (ref.find(':') != std::string::npos && ref.find(':') < ref.find_first_of("/?")) {
        return std::nullopt; // another scheme: mailto:, ftp:, javascript:
    } else {
        net::Url url = base;
        const std::string base_path = base.target.substr(0, base.target.find('?'));
        if (ref.empty()) {
            url.target = base.target;
        } else if (ref.front() == '/') {
            url.target = ref;
        } else if (ref.front() == '?') {
            url.target = base_path + ref;
        } else {
            url.target = base_path.substr(0, base_path.rfind('/') + 1) + ref;
        }
        out = url;
    }
    if (!out || out->websocket()) {
        return std::nullopt;
    }
    const auto query = out->target.find('?');
    const auto path = remove_dot_segments(std::string_view(out->target).substr(0, query));
    out->target = path + (query == std::string::npos ? "" : out->target.substr(query));
    return net::Url::parse(out->str());
}

} // namespace onevoice::integrations::sources
