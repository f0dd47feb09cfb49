// Accuracy of the built-in lexicon on tests/fixtures/sentiment/corpus.tsv:
// 212 short posts written for these tests, labelled by hand, split into the
// part used while developing the lexicon ("dev") and a part only measured
// ("held"). Set ONEVOICE_SENTIMENT_VERBOSE=1 to list the misclassified texts.
#include "commands/listening/sentiment/sentiment.hpp"
#include "tests/commands/listening/sentiment/sentiment_metrics.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace onevoice;
using commands::Polarity;
using onevoice::tests::Confusion;
using onevoice::tests::parse_label;
using onevoice::tests::percent;

namespace {

struct Sample {
    std::string split;
    std::string language;
    Polarity label;
    std::string text;
};

std::vector<Sample> read_corpus() {
    const std::string path =
        std::string(onevoice::tests::source_dir()) + "/tests/fixtures/sentiment/corpus.tsv";
    std::istringstream in(tests::read_file(path));
    std::vector<Sample> samples;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::array<std::string, 4> fields;
        std::size_t pos = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const std::size_t tab = line.find('\t', pos);
            REQUIRE_MESSAGE(tab != std::string::npos, "malformed corpus line: " << line);
            fields[i] = line.substr(pos, tab - pos);
            pos = tab + 1;
        }
        fields[3] = line.substr(pos);
        samples.push_back(Sample{fields[0], fields[1], parse_label(fields[2]), fields[3]});
    }
    return samples;
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("sentiment corpus: at least 75 % of the labelled posts are classified correctly") {
    const std::vector<Sample> samples = read_corpus();
    REQUIRE(samples.size() >= 200);

    const commands::SentimentAnalyzer analyzer;
    const bool verbose = std::getenv("ONEVOICE_SENTIMENT_VERBOSE") != nullptr;
    Confusion all;
    Confusion dev;
    Confusion held;
    Confusion german;
    Confusion english;
    int language_guessed = 0;
    for (const Sample& sample : samples) {
        const auto result = analyzer.score(sample.text, sample.language);
        all.add(sample.label, result.polarity);
        (sample.split == "dev" ? dev : held).add(sample.label, result.polarity);
        (sample.language == "de" ? german : english).add(sample.label, result.polarity);
        language_guessed += analyzer.guess_language(sample.text) == sample.language ? 1 : 0;
        if (verbose && result.polarity != sample.label) {
            MESSAGE(sample.split << " " << sample.language << " expected "
                                 << commands::polarity_name(sample.label) << ", got "
                                 << commands::polarity_name(result.polarity) << " (" << result.score
                                 << "): " << sample.text);
        }
    }

    MESSAGE("sentiment accuracy on "
            << all.total() << " posts: " << percent(all.accuracy()) << "\n  dev "
            << percent(dev.accuracy()) << " (" << dev.total() << "), held out "
            << percent(held.accuracy()) << " (" << held.total() << ")\n  German "
            << percent(german.accuracy()) << ", English " << percent(english.accuracy())
            << "\n  recall negative " << percent(all.recall(Polarity::negative)) << ", neutral "
            << percent(all.recall(Polarity::neutral)) << ", positive "
            << percent(all.recall(Polarity::positive)) << "\n"
            << all.table() << "  language guessed right: " << language_guessed << " of "
            << samples.size() << "\nGerman:\n"
            << tests::report(german) << "English:\n"
            << tests::report(english));
    CHECK(dev.total() >= 100);
    CHECK(held.total() >= 100);
    CHECK(all.accuracy() >= 75.0);
    CHECK(dev.accuracy() >= 75.0);
    CHECK(held.accuracy() >= 75.0);
    CHECK(german.accuracy() >= 75.0);
    CHECK(english.accuracy() >= 75.0);
    CHECK(language_guessed >= static_cast<int>(samples.size()) * 95 / 100);
}

TEST_SUITE_END();
