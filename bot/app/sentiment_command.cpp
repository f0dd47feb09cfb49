#include "bot/app/sentiment_command.hpp"

#include "bot/runtime/config_value.hpp"
#include "commands/listening/sentiment/sentiment.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <istream>
#include <ostream>
#include <string_view>

namespace onevoice::bot {
namespace {

using commands::Polarity;

constexpr std::string_view k_usage =
    "Usage: onevoice sentiment [--language de|en]\n"
    "Scores each line of standard input with the built-in lexicon, as the bot scores a\n"
    "mention, and prints the label (pos, neu or neg), the score (-1 to 1) and the line,\n"
    "separated by tabs. Blank lines print nothing. Without --language the language of\n"
    "each line is guessed. Needs no config file and opens no database.\n";

constexpr std::array<Choice<std::string_view>, 2> k_languages{{{"de", "de"}, {"en", "en"}}};

struct Options {
    std::string_view language; // empty: guessed per line
    bool show_help = false;
};

// The flag errors read as the bot's own: "--language: must be "de" or "en", not "fr"".
Options parse_options(const std::vector<std::string>& args) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto equals = arg.starts_with("--") ? arg.find('=') : std::string::npos;
        const std::string name = arg.substr(0, equals);
        if (name == "--help" || name == "-h") {
            if (equals != std::string::npos) {
                fail_config(name, "takes no value");
            }
            options.show_help = true;
        } else if (name == "--language") {
            if (equals == std::string::npos &&
                (i + 1 == args.size() || args[i + 1].starts_with("-"))) {
                fail_config(name, "missing value de|en");
            }
            const std::string value =
                equals != std::string::npos ? arg.substr(equals + 1) : args[++i];
            options.language = pick(k_languages, name, value);
        } else {
            fail_config(name, name.starts_with('-')
                                  ? "unknown option; see onevoice sentiment --help"
                                  : "unexpected argument; see onevoice sentiment --help");
        }
    }
    return options;
}

// The labels of the evaluation sets (tests/fixtures/sentiment/), for the
// polarity a mention is stored with (ListenIngest: -1, 0, 1).
std::string_view label(Polarity polarity) {
    switch (polarity) {
    case Polarity::negative:
        return "neg";
    case Polarity::positive:
        return "pos";
    case Polarity::neutral:
        break;
    }
    return "neu";
}

bool is_blank(std::string_view line) {
    return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

} // namespace

int run_sentiment(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                  std::ostream& err) {
    const Options options = parse_options(args);
    if (options.show_help) {
        out << k_usage;
        return out.flush() ? 0 : 1;
    }
    const commands::SentimentAnalyzer analyzer;
    std::string line;
    std::array<char, 16> score{};
    while (out && std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (is_blank(line)) {
            continue;
        }
        const commands::Sentiment sentiment = analyzer.score(line, options.language);
        // Rounded first, and + 0.0 turns -0.0 into 0.0: a score that rounds to
        // zero prints "0.0000", never "-0.0000".
        const double rounded = std::round(sentiment.score * 1e4) / 1e4 + 0.0;
        std::snprintf(score.data(), score.size(), "%.4f", rounded);
        out << label(sentiment.polarity) << '\t' << score.data() << '\t' << line << '\n';
    }
    if (!out.flush()) {
        err << "onevoice sentiment: cannot write the output\n";
        return 1;
    }
    return 0;
}

} // namespace onevoice::bot
