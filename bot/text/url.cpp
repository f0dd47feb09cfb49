#include "bot/text/url.hpp"

#include "bot/text/tokenizer.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>

namespace onevoice::bot {

namespace urls = boost::urls;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_escape_at(std::string_view text, std::size_t i) {
    return text[i] == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2]);
}

bool is_unreserved(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char byte) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    out += '%';
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0x0F];
}

// Links in feeds and Location headers are not always valid RFC 3986: spaces,
// non-ASCII bytes, a '|' or a stray '%'. Browsers encode those; so does this,
// keeping everything that structures a URL as written.
std::string escape_for_parse(std::string_view text) {
    static constexpr std::string_view k_allowed = "-._~:/?#[]@!$&'()*+,;=";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool allowed = std::isalnum(c) != 0 || k_allowed.find(text[i]) != std::string::npos;
        if (allowed || is_escape_at(text, i)) {
            out += text[i];
        } else {
            append_escape(out, c);
        }
    }
    return out;
}

bool is_host_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_';
}

// The host without IPv6 brackets, lower case, if Url accepts it: a name of
// letters, digits, '-', '.' and '_', or an IPv4 or IPv6 literal.
std::optional<std::string> plain_host(const urls::url_view& url) {
    switch (url.host_type()) {
    case urls::host_type::ipv4:
    case urls::host_type::ipv6:
        return lower(url.encoded_host_address());
    case urls::host_type::name: {
        const std::string host = lower(url.encoded_host());
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
                return is_host_char(static_cast<unsigned char>(c));
            })) {
            return std::nullopt;
        }
        return host;
    }
    default:
        return std::nullopt;
    }
}

// An explicit port 1..65535; Boost.URL reads "65536" as 0.
std::optional<std::uint16_t> port_of(const urls::url_view& url) {
    const std::string_view digits = url.port();
    if (digits.empty() || digits.size() > 5) {
        return std::nullopt;
    }
    const unsigned value = static_cast<unsigned>(std::stoul(std::string(digits)));
    if (value == 0 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

std::optional<Url> from_view(const urls::url_view& view) {
    Url url;
    url.scheme = lower(view.scheme());
    if (url.scheme != "http" && url.scheme != "https" && url.scheme != "ws" &&
        url.scheme != "wss") {
        return std::nullopt;
    }
    // has_userinfo is also true for an empty "@".
    auto host = view.has_authority() && !view.has_userinfo() ? plain_host(view) : std::nullopt;
    if (!host) {
        return std::nullopt;
    }
    url.host = std::move(*host);
    if (view.has_port()) {
        const auto port = port_of(view);
        if (!port) {
            return std::nullopt;
        }
        url.port = *port;
    } else {
        url.port = url.tls() ? 443 : 80;
    }
    // Boost.URL 1.81 reads "http://h:80x/" as port 80 and path "x/".
    const std::string_view path = view.encoded_path();
    if (!path.empty() && path.front() != '/') {
        return std::nullopt;
    }
    // The fragment never goes on the wire (RFC 9110 §4.2.4).
    url.target = path.empty() ? "/" : std::string(path);
    if (view.has_query()) {
        url.target += "?" + std::string(view.encoded_query());
    }
    return url;
}

// Boost.URL 1.81 keeps ".." segments that climb above the root
// ("/a/../../x" -> "/../x"); RFC 3986 §5.2.4 drops them.
void drop_leading_dot_dots(std::string& target) {
    std::size_t cut = 0;
    while (target.compare(cut, 4, "/../") == 0 || target.compare(cut, 4, "/..?") == 0 ||
           target.compare(cut, std::string::npos, "/..") == 0) {
        cut += 3;
    }
    target.erase(0, cut);
    if (target.empty() || target.front() != '/') {
        target.insert(0, "/");
    }
}

// %-escapes in upper case, unreserved characters decoded (%7e -> ~), the
// rest as written (RFC 3986 §6.2.2.1-2). Boost.URL 1.81's normalize_path and
// normalize_query also decode reserved ones (%2F -> /, %26 -> &), which
// changes what a URL means, so this is done here.
std::string normalize_escapes(std::string_view part) {
    std::string out;
    for (std::size_t i = 0; i < part.size(); ++i) {
        if (!is_escape_at(part, i)) {
            out += part[i];
            continue;
        }
        const auto byte =
            static_cast<unsigned char>(std::stoi(std::string(part.substr(i + 1, 2)), nullptr, 16));
        if (is_unreserved(byte)) {
            out += static_cast<char>(byte);
        } else {
            append_escape(out, byte);
        }
        i += 2;
    }
    return out;
}

bool is_http(std::string_view scheme) {
    const std::string s = lower(scheme);
    return s == "http" || s == "https";
}

// google.<tld>, google.co.<cc> or google.com.<cc>, under any subdomain.
bool is_google_host(std::string_view host) {
    std::size_t at = host.find("google.");
    while (at != std::string_view::npos && at != 0 && host[at - 1] != '.') {
        at = host.find("google.", at + 1);
    }
    if (at == std::string_view::npos) {
        return false;
    }
    std::string_view suffix = host.substr(at + 7);
    if (suffix.starts_with("co.") || suffix.starts_with("com.")) {
        suffix.remove_prefix(suffix.find('.') + 1);
    }
    return suffix.size() >= 2 && std::all_of(suffix.begin(), suffix.end(), [](char c) {
               return std::isalpha(static_cast<unsigned char>(c)) != 0;
           });
}

} // namespace

std::optional<Url> Url::parse(std::string_view text) {
    const auto view = urls::parse_uri(text);
    return view ? from_view(*view) : std::nullopt;
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

std::string percent_encode(std::string_view text) {
    return urls::encode(text, urls::unreserved_chars);
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    // A stray '%' becomes "%25", which decodes back to itself.
    std::string escaped;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && !is_escape_at(text, i)) {
            escaped += "%25";
        } else {
            escaped += text[i];
        }
    }
    urls::encoding_opts options;
    options.space_as_plus = plus_is_space;
    return urls::make_pct_string_view(escaped)->decode(options);
}

std::optional<Url> resolve_reference(const Url& base, std::string_view reference) {
    const std::string text = escape_for_parse(trim(reference));
    const auto ref = urls::parse_uri_reference(text);
    const std::string base_text = base.str();
    urls::url resolved;
    if (!ref || !urls::resolve(urls::url_view(base_text), *ref, resolved)) {
        return std::nullopt;
    }
    resolved.remove_fragment();
    auto out = from_view(resolved);
    if (!out || out->websocket()) {
        return std::nullopt;
    }
    drop_leading_dot_dots(out->target);
    return out;
}

std::string unwrap_google_redirect(std::string_view url) {
    // The view points into `escaped`.
    const std::string escaped = escape_for_parse(url);
    const auto view = urls::parse_uri(escaped);
    if (!view || !is_http(view->scheme()) || !is_google_host(lower(view->encoded_host())) ||
        view->encoded_path() != "/url") {
        return std::string(url);
    }
    for (const std::string_view name : {"url", "q"}) {
        const auto param = view->encoded_params().find(name);
        if (param == view->encoded_params().end()) {
            continue;
        }
        const std::string target = percent_decode((*param).value, true);
        const auto colon = target.find(':');
        if (colon != std::string::npos && is_http(target.substr(0, colon))) {
            // Decoded, the target may hold what no URL carries: a space, or a byte
            // that is no UTF-8 (%8F). Escaped again, it is stored and shown safely.
            return escape_for_parse(target);
        }
    }
    return std::string(url);
}

std::optional<NormalizedUrl> normalize_url(std::string_view url) {
    // The view points into `escaped`.
    const std::string escaped = escape_for_parse(trim(url));
    const auto view = urls::parse_uri(escaped);
    if (!view || !view->has_authority()) {
        return std::nullopt;
    }
    urls::url normal(*view);
    normal.normalize_scheme();
    normal.normalize_authority();
    normal.remove_userinfo();
    std::string host(normal.encoded_host());
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    const std::string scheme(normal.scheme());
    const std::string_view port = normal.port();
    const bool default_port =
        (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
    NormalizedUrl out;
    out.origin = scheme + "://" + host;
    if (normal.has_port() && !default_port) {
        out.origin += ":" + std::string(port);
    }
    out.path = normalize_escapes(normal.encoded_path());
    for (const auto param : normal.encoded_params()) {
        if (!param.key.empty() || param.has_value) {
            const std::string written =
                std::string(param.key) + (param.has_value ? "=" + std::string(param.value) : "");
            out.params.push_back(normalize_escapes(written));
        }
    }
    return out;
}

std::string site_host(std::string_view url) {
    // The view points into `escaped`.
    const std::string escaped = escape_for_parse(trim(url));
    const auto view = urls::parse_uri(escaped);
    if (!view || !view->has_authority()) {
        return {};
    }
    std::string host = lower(view->encoded_host());
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    return host.starts_with("www.") ? host.substr(4) : host;
}

} // namespace onevoice::bot
