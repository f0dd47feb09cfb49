// Accuracy of the built-in lexicon on tests/fixtures/sentiment/evaluation/
// (issue 19): texts labelled by someone else, before the scorer saw them, and
// never changed together with the lexicon (scripts/check-sentiment-independence).
// Unlike corpus.tsv, the lexicon was not written against them, so these are
// the figures to trust. Each floor sits about 3 points below what was
// measured, so that a regression fails; raise them when the scorer gets
// better, never lower one just to let a change pass. Unlike the corpus test it
// lists no misclassified texts: the lexicon is never tuned on this set
// (evaluation/README.md, rule 2), so only the totals are shown.
#include "commands/listening/sentiment/sentiment.hpp"
#include "tests/commands/listening/sentiment/sentiment_metrics.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <sstream>
#include <string>
#include <vector>

using namespace onevoice;
using commands::Polarity;
using onevoice::tests::Confusion;
using onevoice::tests::percent;

namespace {

struct Sample {
    Polarity label;
    std::string text;
};

// "label<TAB>text" per line; '#' starts a comment line.
std::vector<Sample> read_set(const std::string& language) {
    const std::string path = std::string(onevoice::tests::source_dir()) +
                             "/tests/fixtures/sentiment/evaluation/" + language + ".tsv";
    std::istringstream in(tests::read_file(path));
    std::vector<Sample> samples;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const std::size_t tab = line.find('\t');
        REQUIRE_MESSAGE(tab != std::string::npos, path << ":" << number << ": no tab: " << line);
        samples.push_back(Sample{tests::parse_label(line.substr(0, tab)), line.substr(tab + 1)});
    }
    return samples;
}

// The lowest acceptable figures of one language, in percent.
struct Floors {
    const char* language;
    int min_per_class; // fewer labelled texts make the figures mean little
    double accuracy;
    double macro_f1;
    std::array<double, 3> f1; // negative, neutral, positive
};

// Measured on the set as merged from branch evalset (8fc6efe), lexicon as of
// 88b822c, in percent; each floor is the measured value minus 3, rounded down.
// With about 110 texts a class, one text moves a class's recall by 0.9.
//   en (342 texts): accuracy 61.1, macro-F1 59.8
//       F1 neg 46.1 (precision 69.5, recall 34.5), neu 62.0 (49.7, 82.4),
//       pos 71.5 (73.7, 69.4)
//   de (337 texts): accuracy 64.4, macro-F1 62.3
//       F1 neg 42.5 (precision 82.9, recall 28.6), neu 64.4 (49.5, 92.1),
//       pos 80.0 (83.3, 76.9)
// The weak spot is negative recall: two of three complaints score neutral.
constexpr std::array<Floors, 2> k_floors{{
    {"en", 100, 58, 56, {43, 59, 68}},
    {"de", 100, 61, 59, {39, 61, 77}},
}};

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("sentiment evaluation: accuracy and F1 on the independently labelled set stay above "
          "their floors") {
    const commands::SentimentAnalyzer analyzer;
    for (const Floors& floors : k_floors) {
        const std::string language = floors.language;
        CAPTURE(language);
        const std::vector<Sample> samples = read_set(language);
        Confusion confusion;
        int language_guessed = 0;
        for (const Sample& sample : samples) {
            // The language as the set gives it, as a mention's source names it.
            const auto result = analyzer.score(sample.text, language);
            confusion.add(sample.label, result.polarity);
            language_guessed += analyzer.guess_language(sample.text) == language ? 1 : 0;
        }
        MESSAGE("sentiment on the evaluation set, "
                << language << ":\n"
                << tests::report(confusion) << "  language guessed right: " << language_guessed
                << " of " << samples.size());
        for (const Polarity polarity : tests::k_polarities) {
            const std::string name(commands::polarity_name(polarity));
            CAPTURE(name);
            CHECK(confusion.labelled(polarity) >= floors.min_per_class);
            CHECK(confusion.f1(polarity) >= floors.f1[Confusion::index(polarity)]);
        }
        CHECK(confusion.accuracy() >= floors.accuracy);
        CHECK(confusion.macro_f1() >= floors.macro_f1);
    }
}

TEST_SUITE_END();
