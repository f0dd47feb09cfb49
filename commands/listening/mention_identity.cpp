#include "commands/listening/mention_identity.hpp"

#include "commands/listening/word_split.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <vector>

namespace onevoice::commands {
namespace {

using Words = std::vector<std::string>;

std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ULL) {
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// FNV's high bits depend weakly on the last bytes; SimHash votes on every
// bit, so each feature hash is mixed (splitmix64's finaliser).
std::uint64_t mixed(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

std::size_t find_run(const Words& words, const Words& run, std::size_t from = 0) {
    for (std::size_t i = from; i + run.size() <= words.size(); ++i) {
        if (std::equal(run.begin(), run.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
            return i;
        }
    }
    return words.size();
}

// Cuts a WordPress feed footer: from the last `lead` before `marker` to the end.
void cut_footer(Words& words, const Words& lead, const Words& marker) {
    const std::size_t at = find_run(words, marker);
    if (at == words.size()) {
        return;
    }
    std::size_t cut = at;
    for (std::size_t i = find_run(words, lead); i < at; i = find_run(words, lead, i + 1)) {
        cut = i;
    }
    words.resize(cut);
}

bool ends_with(const Words& words, const Words& tail) {
    return words.size() >= tail.size() &&
           std::equal(tail.begin(), tail.end(),
                      words.end() - static_cast<std::ptrdiff_t>(tail.size()));
}

// The folded words that carry a text's identity: no URLs, no signs, no
// feed boilerplate.
Words identity_words(std::string_view text) {
    Words words = split_words(text, {false, false});
    cut_footer(words, {"the", "post"}, {"appeared", "first", "on"});
    cut_footer(words, {"der", "beitrag"}, {"erschien", "zuerst", "auf"});
    static const std::array<Words, 5> k_tails = {Words{"read", "more"},
                                                 Words{"continue", "reading"}, Words{"weiterlesen"},
                                                 Words{"mehr", "lesen"}, Words{"mehr"}};
    for (bool cut = true; cut;) {
        cut = false;
        for (const Words& tail : k_tails) {
            if (words.size() > tail.size() && ends_with(words, tail)) {
                words.resize(words.size() - tail.size());
                cut = true;
            }
        }
    }
    return words;
}

std::string hex16(std::uint64_t value) {
    static constexpr char k_digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i) {
        out[static_cast<std::size_t>(i)] = k_digits[value & 0xF];
        value >>= 4;
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
        text.remove_suffix(1);
    }
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool is_unreserved(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

// %-escapes: unreserved characters decoded (%7E → ~), the rest in upper
// case (%c3%a4 → %C3%A4), as RFC 3986 §6.2.2 normalises them.
std::string normalise_escapes(std::string_view part) {
    std::string out;
    for (std::size_t i = 0; i < part.size(); ++i) {
        const int high = part[i] == '%' && i + 2 < part.size() ? hex_value(part[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(part[i + 2]) : -1;
        if (low < 0) {
            out += part[i];
            continue;
        }
        const auto decoded = static_cast<unsigned char>(high * 16 + low);
        if (is_unreserved(decoded)) {
            out += static_cast<char>(decoded);
        } else {
            out += '%';
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(part[i + 1])));
            out += static_cast<char>(std::toupper(static_cast<unsigned char>(part[i + 2])));
        }
        i += 2;
    }
    return out;
}

// Fully decoded, for a redirect target inside a parameter ("+" is a space there).
std::string percent_decode(std::string_view part) {
    std::string out;
    for (std::size_t i = 0; i < part.size(); ++i) {
        const int high = part[i] == '%' && i + 2 < part.size() ? hex_value(part[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(part[i + 2]) : -1;
        if (low >= 0) {
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += part[i] == '+' ? ' ' : part[i];
        }
    }
    return out;
}

// Click ids and campaign tags that analytics and newsletters append: the
// same article with different ones is the same article. wt_* is Webtrekk
// (Mapp), at_* AT Internet, both common on German news sites.
bool is_tracking(std::string_view name) {
    static constexpr std::string_view k_names[] = {
        "fbclid",    "gclid",       "dclid",      "gbraid", "wbraid",  "msclkid",
        "yclid",     "twclid",      "igshid",     "mc_cid", "mc_eid",  "_hsenc",
        "_hsmi",     "mkt_tok",     "wt_mc",      "wt_zmc", "ref_src", "ref_url",
        "at_medium", "at_campaign", "at_custom1", "si",     "cmpid",   "ito"};
    const std::string key = lower(name);
    return key.rfind("utm_", 0) == 0 ||
           std::find(std::begin(k_names), std::end(k_names), key) != std::end(k_names);
}

std::vector<std::string> split_params(std::string_view query) {
    std::vector<std::string> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view param = query.substr(0, amp);
        if (!param.empty() && !is_tracking(param.substr(0, param.find('=')))) {
            params.push_back(normalise_escapes(param));
        }
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    }
    return params;
}

// The target of https://www.google.com/url?...&url=<target> (Google Alerts
// links) or ?q=<target>; empty for any other URL.
std::string google_redirect_target(const std::string& host, std::string_view path,
                                   std::string_view query) {
    const bool google = host == "google.com" || host == "www.google.com";
    if (!google || path != "/url") {
        return {};
    }
    for (const std::string_view name : {"url=", "q="}) {
        for (std::size_t at = query.find(name); at != std::string_view::npos;
             at = query.find(name, at + 1)) {
            if (at == 0 || query[at - 1] == '&') {
                const std::string_view value = query.substr(at + name.size());
                std::string target = percent_decode(value.substr(0, value.find('&')));
                if (target.find("://") != std::string::npos) {
                    return target;
                }
            }
        }
    }
    return {};
}

} // namespace

std::string normalized_text_key(std::string_view title, std::string_view text) {
    const Words head = identity_words(title);
    Words words = identity_words(text);
    const bool repeats_title =
        words.size() >= head.size() && std::equal(head.begin(), head.end(), words.begin());
    if (!repeats_title) {
        words.insert(words.begin(), head.begin(), head.end());
    }
    if (words.size() < k_min_text_key_words) {
        return {};
    }
    std::uint64_t hash = fnv1a({});
    for (const std::string& word : words) {
        hash = fnv1a(word, hash);
        hash = fnv1a(" ", hash);
    }
    return hex16(hash);
}

std::string canonical_url(std::string_view url) {
    url = trim(url);
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0 ||
        !std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(scheme_end),
                     [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' ||
                                c == '-' || c == '.';
                     })) {
        return std::string(url);
    }
    const std::string scheme = lower(url.substr(0, scheme_end));
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find('#'));
    const std::size_t authority_end = std::min(rest.find_first_of("/?"), rest.size());
    std::string_view authority = rest.substr(0, authority_end);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        authority.remove_prefix(at + 1); // never keep credentials
    }
    std::string host = lower(authority.substr(0, authority.rfind(':')));
    std::string_view port = authority.find(':') == std::string_view::npos
                                ? std::string_view{}
                                : authority.substr(authority.rfind(':') + 1);
    while (!host.empty() && host.back() == '.') {
        host.pop_back();
    }
    if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
        port = {};
    }
    rest = rest.substr(authority_end);
    const std::size_t query_at = std::min(rest.find('?'), rest.size());
    std::string path = normalise_escapes(rest.substr(0, query_at));
    const std::string_view query = query_at < rest.size() ? rest.substr(query_at + 1) : "";
    if (std::string target = google_redirect_target(host, path, query); !target.empty()) {
        return canonical_url(target);
    }
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    std::vector<std::string> params = split_params(query);
    std::stable_sort(params.begin(), params.end());
    std::string out = scheme + "://" + host + (port.empty() ? "" : ":" + std::string(port));
    out += path.empty() ? "/" : path;
    for (std::size_t i = 0; i < params.size(); ++i) {
        out += (i == 0 ? "?" : "&") + params[i];
    }
    return out;
}

std::uint64_t simhash(std::string_view text) {
    const Words words = identity_words(text);
    if (words.empty()) {
        return 0;
    }
    std::array<int, 64> votes{};
    const auto vote = [&votes](std::uint64_t feature) {
        for (std::size_t bit = 0; bit < 64; ++bit) {
            votes[bit] += ((feature >> bit) & 1U) != 0 ? 1 : -1;
        }
    };
    if (words.size() == 1) {
        vote(mixed(fnv1a(words.front())));
    }
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        vote(mixed(fnv1a(words[i + 1], fnv1a(" ", fnv1a(words[i])))));
    }
    std::uint64_t hash = 0;
    for (std::size_t bit = 0; bit < 64; ++bit) {
        if (votes[bit] > 0) {
            hash |= std::uint64_t{1} << bit;
        }
    }
    return hash == 0 ? 1 : hash; // 0 is reserved for "no words"
}

bool is_near_duplicate(std::uint64_t a, std::uint64_t b) {
    return a != 0 && b != 0 && std::popcount(a ^ b) <= k_near_duplicate_bits;
}

} // namespace onevoice::commands
