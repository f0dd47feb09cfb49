#include "commands/listening/mention_identity.hpp"

#include "bot/text/tokenizer.hpp"
#include "bot/text/url.hpp"
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

// Click ids and campaign tags that analytics and newsletters append: the
// same article with different ones is the same article. wt_* is Webtrekk
// (Mapp), at_* AT Internet, both common on German news sites.
bool is_tracking(std::string_view name) {
    static constexpr std::string_view k_names[] = {
        "fbclid",    "gclid",       "dclid",      "gbraid", "wbraid",  "msclkid",
        "yclid",     "twclid",      "igshid",     "mc_cid", "mc_eid",  "_hsenc",
        "_hsmi",     "mkt_tok",     "wt_mc",      "wt_zmc", "ref_src", "ref_url",
        "at_medium", "at_campaign", "at_custom1", "si",     "cmpid",   "ito"};
    const std::string key = bot::ascii_lower(name);
    return key.rfind("utm_", 0) == 0 ||
           std::find(std::begin(k_names), std::end(k_names), key) != std::end(k_names);
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
    url = bot::trim(url);
    if (const std::string target = bot::unwrap_google_redirect(url); target != url) {
        return canonical_url(target);
    }
    auto normal = bot::normalize_url(url);
    if (!normal) {
        return std::string(url);
    }
    std::string& path = normal->path;
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    std::vector<std::string>& params = normal->params;
    std::erase_if(params, [](const std::string& param) {
        return is_tracking(std::string_view(param).substr(0, param.find('=')));
    });
    std::stable_sort(params.begin(), params.end());
    std::string out = normal->origin + (path.empty() ? "/" : path);
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
