#include "integrations/slack/channel_name.hpp"

#include <array>
#include <utility>

namespace onevoice::integrations::slack {
namespace {

// The second byte of the two-byte UTF-8 letters a German title uses (first byte 0xC3).
constexpr std::array<std::pair<unsigned char, std::string_view>, 7> k_umlauts{{
    {0xA4, "ae"},
    {0xB6, "oe"},
    {0xBC, "ue"},
    {0x84, "ae"},
    {0x96, "oe"},
    {0x9C, "ue"},
    {0x9F, "ss"},
}};

std::string_view umlaut(unsigned char second) {
    for (const auto& [code, spelled] : k_umlauts) {
        if (code == second) {
            return spelled;
        }
    }
    return {};
}

// Lowercase, allowed characters only, single '-' between words, none at the ends.
std::string slug(std::string_view readable) {
    std::string out;
    bool pending_dash = false;
    const auto add = [&](std::string_view part) {
        if (pending_dash && !out.empty()) {
            out += '-';
        }
        pending_dash = false;
        out += part;
    };
    for (std::size_t i = 0; i < readable.size(); ++i) {
        const auto c = static_cast<unsigned char>(readable[i]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            add(std::string_view(&readable[i], 1));
        } else if (c >= 'A' && c <= 'Z') {
            const char lower = static_cast<char>(c - 'A' + 'a');
            add(std::string_view(&lower, 1));
        } else if (c == 0xC3 && i + 1 < readable.size() &&
                   !umlaut(static_cast<unsigned char>(readable[i + 1])).empty()) {
            add(umlaut(static_cast<unsigned char>(readable[++i])));
        } else {
            // Punctuation, spaces, and every other non-ASCII byte (emoji, accents)
            // separate words: Slack rejects them (invalid_name_specials).
            pending_dash = true;
        }
    }
    return out;
}

} // namespace

std::string channel_name(std::string_view readable, int attempt) {
    std::string name = slug(readable);
    if (name.empty()) {
        name = "onevoice";
    }
    const std::string suffix = attempt > 1 ? "-" + std::to_string(attempt) : "";
    if (name.size() + suffix.size() > k_max_channel_name) {
        name.resize(k_max_channel_name - suffix.size());
        while (!name.empty() && name.back() == '-') {
            name.pop_back();
        }
    }
    return name + suffix;
}

} // namespace onevoice::integrations::slack
