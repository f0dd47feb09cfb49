#include "commands/listening/settings.hpp"

#include <array>
#include <utility>

namespace onevoice::commands {
namespace {

using bot::Choice;
using bot::ConfigKey;
using bot::ConfigValue;

// [listen] reddit_url, hackernews_url: an http(s) base URL, kept without a trailing '/'.
std::string base_url_of(const ConfigValue& value) {
    std::string url = value.string();
    const auto scheme = url.find("://");
    if ((!url.starts_with("http://") && !url.starts_with("https://")) || url.size() == scheme + 3) {
        value.fail("must be an http:// or https:// URL with a host, not \"" + url + "\"");
    }
    while (url.ends_with('/')) {
        url.pop_back();
    }
    return url;
}

constexpr std::array<Choice<std::string_view>, 3> k_lexicon_formats{
    {{"afinn", "afinn"}, {"vader", "vader"}, {"sentiws", "sentiws"}}};
constexpr std::array<Choice<std::string_view>, 2> k_lexicon_languages{{{"de", "de"}, {"en", "en"}}};

// One [[listen.lexicon]] table. Errors name the entry ("listen.lexicon[2].format").
ListenLexicon lexicon_of(const ConfigValue& entry) {
    ListenLexicon lexicon;
    for (const auto& [name, value] :
         entry.entries("must be a table with path, format and language")) {
        if (name == "path") {
            lexicon.path = value.file_path();
        } else if (name == "format") {
            lexicon.format = value.pick(k_lexicon_formats);
        } else if (name == "language") {
            lexicon.language = value.pick(k_lexicon_languages);
        } else {
            value.fail("unknown key; a lexicon has path, format and language");
        }
    }
    for (const auto& [field, text] :
         {std::pair<std::string_view, const std::string*>{"path", &lexicon.path},
          {"format", &lexicon.format},
          {"language", &lexicon.language}}) {
        if (text->empty()) {
            bot::fail_config(entry.key() + "." + std::string(field), "is missing");
        }
    }
    return lexicon;
}

// [[listen.lexicon]]: tables of path, format and language. The files are read at start-up.
std::vector<ListenLexicon> lexicons_of(const ConfigValue& value) {
    std::vector<ListenLexicon> lexicons;
    for (const ConfigValue& entry : value.items(
             "must be an array of tables: [[listen.lexicon]] with path, format and language")) {
        lexicons.push_back(lexicon_of(entry));
    }
    return lexicons;
}

constexpr std::array<ConfigKey<ListeningSettings>, 9> k_keys{{
    {"listen.poll_minutes",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.listen.poll_interval = std::chrono::minutes(value.integer_in(5, 1440));
     }},
    {"listen.reddit_url",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.reddit_url = base_url_of(value);
     }},
    {"listen.hackernews_url",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.hackernews_url = base_url_of(value);
     }},
    {"listen.max_response_mb",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.max_response_mb = value.integer_in(1, 100);
     }},
    {"listen.allow_private_addresses",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.listen.allow_private_addresses = value.boolean();
     }},
    {"listen.lexicon",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.lexicons = lexicons_of(value);
     }},
    {"listen.spikes.min_count",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.spikes.min_count = value.integer_in(1, 100000);
     }},
    {"listen.spikes.z_threshold",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.spikes.z_threshold = value.number_in(0.5, 50.0);
     }},
    {"listen.spikes.negative_share_jump",
     [](const ConfigValue& value, ListeningSettings& settings) {
         settings.spikes.negative_share_jump = value.number_in(0.05, 1.0);
     }},
}};

} // namespace

std::span<const bot::ConfigKey<ListeningSettings>> listening_config_keys() {
    return k_keys;
}

} // namespace onevoice::commands
