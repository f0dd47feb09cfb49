#include "commands/listening/sentiment/sentiment.hpp"
#include "commands/listening/sentiment/sentiment_stemmer.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

using namespace onevoice;
using commands::Polarity;
using commands::SentimentAnalyzer;
using Format = SentimentAnalyzer::LexiconFormat;

namespace {

const SentimentAnalyzer& analyzer() {
    static const SentimentAnalyzer instance;
    return instance;
}

double score(const std::string& text, std::string_view language = {}) {
    return analyzer().score(text, language).score;
}

Polarity polarity(const std::string& text, std::string_view language = {}) {
    return analyzer().score(text, language).polarity;
}

std::string error_of(SentimentAnalyzer& target, const std::string& path, Format format,
                     std::string_view language = "de") {
    try {
        target.load_lexicon(path, format, language);
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return "no error";
}

} // namespace

TEST_SUITE_BEGIN("commands");

TEST_CASE("sentiment: plain words, emoji and emoticons give the polarity") {
    CHECK(polarity("Der Service war gut", "de") == Polarity::positive);
    CHECK(polarity("Der Service war schlecht", "de") == Polarity::negative);
    CHECK(polarity("Die Filiale öffnet am Montag um neun.", "de") == Polarity::neutral);
    CHECK(polarity("The store opens on Monday at nine.", "en") == Polarity::neutral);
    CHECK(score("Die Filiale öffnet am Montag um neun.") == 0);
    // Stems of sentiment words must not catch neutral words.
    CHECK(score("Can someone help me? It will likely ship later.", "en") == 0);
    CHECK(score("Kommt später, der Drucker ist schon da", "de") == 0);
    for (const char* text : {"Paket ist da 😡", "Paket ist da 🤬", "Paket ist da 👎",
                             "Paket ist da 😢", "Paket ist da 💩", "Paket ist da 🙄",
                             "Parcel is here :(", "Parcel is here :-(", "Parcel is here </3"}) {
        CAPTURE(std::string(text));
        CHECK(polarity(text) == Polarity::negative);
    }
    for (const char* text :
         {"Paket ist da 😍", "Paket ist da 👍", "Paket ist da ❤️", "Paket ist da 🎉",
          "Paket ist da 🙂", "Paket ist da 👍🏽", "Parcel is here :-)", "Parcel is here :D",
          "Parcel is here <3", "Parcel is here:)"}) {
        CAPTURE(std::string(text));
        CHECK(polarity(text) == Polarity::positive);
    }
    // Brackets and colons of ordinary text are no emoticons.
    CHECK(polarity("Versand (gratis): ab Montag", "de") != Polarity::negative);
}

TEST_CASE("sentiment: negation flips within a few words and stops at the clause") {
    CHECK(polarity("nicht gut", "de") == Polarity::negative);
    CHECK(polarity("Kein guter Service", "de") == Polarity::negative);
    CHECK(polarity("Die Lieferung war nicht schlecht", "de") == Polarity::positive);
    CHECK(polarity("Das gefällt mir gar nicht", "de") == Polarity::negative);
    CHECK(polarity("not bad", "en") == Polarity::positive);
    CHECK(polarity("I don't like the new app", "en") == Polarity::negative);
    CHECK(polarity("I don’t like the new app", "en") == Polarity::negative);
    CHECK(polarity("Never again.", "en") == Polarity::negative);
    CHECK(polarity("#NieWieder", "de") == Polarity::negative);
    CHECK(polarity("The app doesn't work", "en") == Polarity::negative);
    CHECK(polarity("No problem at all", "en") == Polarity::positive);
    // Too far away or behind punctuation / "aber": no flip.
    CHECK(polarity("Nicht dass ich wüsste. Gut gemacht!", "de") == Polarity::positive);
    CHECK(polarity("Not sure why, but great service", "en") == Polarity::positive);
    CHECK(polarity("Not the cheapest shop in town, really great service", "en") ==
          Polarity::positive);
    CHECK(score("nicht gut", "de") > -score("gut", "de")); // weakened, not mirrored
}

TEST_CASE("sentiment: boosters strengthen, dampeners weaken") {
    CHECK(score("sehr gut", "de") > score("gut", "de"));
    CHECK(score("mega schnell", "de") > score("schnell", "de"));
    CHECK(score("echt enttäuschend", "de") < score("enttäuschend", "de"));
    CHECK(score("extrem unfreundlich", "de") < score("unfreundlich", "de"));
    CHECK(score("kaum enttäuscht", "de") > score("enttäuscht", "de"));
    CHECK(score("kaum enttäuscht", "de") < 0);
    CHECK(score("really helpful", "en") > score("helpful", "en"));
    CHECK(score("slightly disappointed", "en") > score("disappointed", "en"));
    CHECK(score("a bit disappointed", "en") > score("disappointed", "en"));
    CHECK(score("so annoying", "en") < score("annoying", "en"));
    // "super" boosts a sentiment word, and is positive on its own.
    CHECK(score("super schnell", "de") > score("schnell", "de"));
    CHECK(polarity("Service war super", "de") == Polarity::positive);
    CHECK(polarity("Super!", "en") == Polarity::positive);
}

TEST_CASE("sentiment: exclamation marks, capitals and elongation add emphasis") {
    CHECK(score("great!!!", "en") > score("great", "en"));
    CHECK(score("schlecht!!!", "de") < score("schlecht", "de"));
    CHECK(score("The service was GREAT", "en") > score("The service was great", "en"));
    CHECK(score("sooo gooood", "en") > score("good", "en"));
    CHECK(polarity("sooo gooood", "en") == Polarity::positive);
    CHECK(polarity("Sooo schööön", "de") == Polarity::positive);
    CHECK(polarity("!!!", "de") == Polarity::neutral);
}

TEST_CASE("sentiment: the clause after aber / but weighs more") {
    CHECK(polarity("Die Lieferung war schnell, aber die Ware ist kaputt", "de") ==
          Polarity::negative);
    CHECK(polarity("Die Ware war kaputt, aber der Support hat sofort geholfen und war super "
                   "freundlich",
                   "de") == Polarity::positive);
    CHECK(polarity("I was skeptical at first but the jacket is excellent", "en") ==
          Polarity::positive);
}

TEST_CASE("sentiment: German word forms meet through the stemmer") {
    for (const char* text :
         {"enttäuscht", "enttäuschend", "Enttäuschung", "ENTTÄUSCHT", "enttaeuscht",
          "unfreundlichen Mitarbeitern", "Katastrophen", "#enttäuscht", "verärgerten Kunden"}) {
        CAPTURE(std::string(text));
        CHECK(polarity(text, "de") == Polarity::negative);
    }
    for (const char* text :
         {"zuverlässigen", "freundlichsten", "hilfsbereiten", "begeisterten", "kompetenter"}) {
        CAPTURE(std::string(text));
        CHECK(polarity(text, "de") == Polarity::positive);
    }
    using commands::sentiment_detail::Language;
    using commands::sentiment_detail::stem;
    CHECK(std::string(stem(Language::de, "enttäuschung")) ==
          std::string(stem(Language::de, "enttäuschen")));
    CHECK(std::string(stem(Language::de, "enttaeuschen")) ==
          std::string(stem(Language::de, "enttäuschen")));
    CHECK(std::string(stem(Language::en, "disappointing")) == "disappoint");
}

TEST_CASE("sentiment: handles and URLs are ignored, hashtags count as words") {
    CHECK(score("@SuperShop https://example.com/awesome-deal", "en") == 0);
    CHECK(polarity("Lieferung heute #fail", "de") == Polarity::negative);
    CHECK(polarity("Delivery today #love", "en") == Polarity::positive);
}

TEST_CASE("sentiment: scores stay within [-1, 1] for any input") {
    std::string praise;
    std::string rant;
    for (int i = 0; i < 200; ++i) {
        praise += "AMAZING perfect 😍 ";
        rant += "SCHRECKLICH Abzocke 🤬 ";
    }
    CHECK(score(praise + "!!!!!!!!", "en") <= 1.0);
    CHECK(score(praise, "en") > 0.99);
    CHECK(score(rant + "!!!", "de") >= -1.0);
    CHECK(score(rant, "de") < -0.99);
    const std::string junk = std::string("\xff\xfe\xc3") + "gut\xe2\x82" + std::string(3, '\0');
    const double value = score(junk);
    CHECK(value >= -1.0);
    CHECK(value <= 1.0);
    CHECK(score("") == 0);
    CHECK(polarity("") == Polarity::neutral);
}

TEST_CASE("sentiment: the language is guessed from frequent words and umlauts") {
    const SentimentAnalyzer& a = analyzer();
    CHECK(a.guess_language("Das ist nicht das, was ich bestellt habe") == "de");
    CHECK(a.guess_language("Lieferung verspätet, Ware beschädigt") == "de");
    CHECK(a.guess_language("This is not what I ordered") == "en");
    CHECK(a.guess_language("The parcel is late again") == "en");
    CHECK(a.guess_language("12345") == "en");
    // Unguided scoring uses the guess: "nie" is a negator in German.
    CHECK(polarity("Ich bin nie zufrieden mit der Lieferung") == Polarity::negative);
    CHECK(polarity("I am never happy with the delivery") == Polarity::negative);
}

TEST_CASE("sentiment: score is const and safe to call from several threads") {
    static_assert(
        std::is_invocable_r_v<commands::Sentiment, decltype(&SentimentAnalyzer::score),
                              const SentimentAnalyzer&, std::string_view, std::string_view>);
    const std::vector<std::string> texts = {"Kein guter Service 😡", "Really happy with it!",
                                            "enttäuschend", "not bad at all",
                                            "Die Filiale öffnet am Montag"};
    std::vector<double> expected;
    for (const auto& text : texts) {
        expected.push_back(score(text));
    }
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                for (std::size_t i = 0; i < texts.size(); ++i) {
                    mismatches[t] += analyzer().score(texts[i]).score == expected[i] ? 0 : 1;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(mismatches == std::vector<int>(4, 0));

    SentimentAnalyzer moved;
    SentimentAnalyzer target = std::move(moved);
    CHECK(target.score("gut", "de").polarity == Polarity::positive);
}

TEST_CASE("sentiment: AFINN, VADER and SentiWS files add and replace words") {
    tests::TempDir dir;
    SentimentAnalyzer custom;
    REQUIRE(custom.score("Das Produkt ist knorke", "de").polarity == Polarity::neutral);
    REQUIRE(custom.score("gut", "de").polarity == Polarity::positive);

    SUBCASE("AFINN: word TAB integer -5..5") {
        custom.load_lexicon(dir.write("afinn.txt", "knorke\t4\ngut\t-2\r\n\nwell done\t3\n"),
                            Format::afinn, "de");
        CHECK(custom.score("Das Produkt ist knorke", "de").polarity == Polarity::positive);
        CHECK(custom.score("gut", "de").polarity == Polarity::negative); // replaced
        CHECK(custom.score("nicht knorke", "de").polarity == Polarity::negative);
        CHECK(custom.score("knorke", "de").score > custom.score("prima", "de").score);
    }
    SUBCASE("VADER: token TAB mean TAB stddev TAB ratings; emoticons too") {
        custom.load_lexicon(dir.write("vader.txt", "knorke\t2.3\t0.9\t[2, 3, 2, 2, 3]\n"
                                                   "%-)\t-1.5\t0.5\t[-1, -2]\n"),
                            Format::vader, "de");
        CHECK(custom.score("knorke", "de").polarity == Polarity::positive);
        CHECK(custom.score("Paket %-)", "de").polarity == Polarity::negative);
    }
    SUBCASE("SentiWS: every inflection gets the weight") {
        custom.load_lexicon(dir.write("sentiws.txt", "Knorke|ADJX\t0.6\tknorker,knorkes\n"
                                                     "Murks|NN\t-0.5\n"),
                            Format::sentiws, "de");
        CHECK(custom.score("knorkes Produkt", "de").polarity == Polarity::positive);
        CHECK(custom.score("Das ist Murks", "de").polarity == Polarity::negative);
    }
    SUBCASE("malformed lines name the file and line") {
        const std::string afinn = dir.write("bad_afinn.txt", "knorke\t4\nmurks\t-7\n");
        CHECK(error_of(custom, afinn, Format::afinn) == afinn + ":2: the AFINN score must be an "
                                                                "integer from -5 to 5");
        const std::string afinn2 = dir.write("bad_afinn2.txt", "knorke 4\n");
        CHECK(error_of(custom, afinn2, Format::afinn).starts_with(afinn2 + ":1: "));
        const std::string vader = dir.write("bad_vader.txt", "a\t1\t0\t[]\nb\tx\t0\t[]\n");
        CHECK(error_of(custom, vader, Format::vader).starts_with(vader + ":2: "));
        const std::string sentiws = dir.write("bad_sentiws.txt", "Knorke\t0.5\n");
        CHECK(error_of(custom, sentiws, Format::sentiws).starts_with(sentiws + ":1: "));
        const std::string weight = dir.write("bad_weight.txt", "\nKnorke|ADJX\t1.5\t\n");
        CHECK(error_of(custom, weight, Format::sentiws).starts_with(weight + ":2: "));
        CHECK(error_of(custom, dir.file("missing.txt"), Format::afinn)
                  .starts_with(dir.file("missing.txt") + ": "));
        CHECK(error_of(custom, afinn, Format::afinn, "fr").find("\"de\" or \"en\"") !=
              std::string::npos);
    }
}

TEST_SUITE_END();
