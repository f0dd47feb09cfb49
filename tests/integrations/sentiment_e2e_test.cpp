// `onevoice sentiment` end to end (issue 19): the built binary scores each line
// of its stdin as the listening code scores a mention, in a directory whose
// config is broken and with chat credentials set: it must need neither, and
// open no database.
#include "commands/listening/sentiment/sentiment.hpp"
#include "tests/commands/listening/sentiment/sentiment_metrics.hpp"
#include "tests/fakes/build_paths.hpp"
#include "tests/fakes/console_output.hpp"
#include "tests/fakes/process.hpp"
#include "tests/fakes/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using onevoice::tests::contains;
using onevoice::tests::count_of;
using onevoice::tests::ProcessResult;
using onevoice::tests::TempDir;

namespace {

namespace fs = std::filesystem;

// Runs `onevoice sentiment args...` in `dir` with `input` on stdin. The
// directory holds a config the bot would refuse, and the environment tokens
// that would choose Slack: the subcommand must read neither.
ProcessResult run_sentiment(const TempDir& dir, std::vector<std::string> args,
                            const std::string& input) {
    dir.write("onevoice.toml", "frobnicate = 1\n");
    onevoice::tests::Process::Options options;
    options.args = {"sentiment"};
    options.args.insert(options.args.end(), args.begin(), args.end());
    options.cwd = dir.str();
    options.env["SLACK_APP_TOKEN"] = "xapp-not-a-token";
    options.env["SLACK_BOT_TOKEN"] = "xoxb-not-a-token";
    return onevoice::tests::run_process(onevoice::tests::bot_binary(), options, input);
}

// Nothing but the config the test wrote: no database, no WAL, no log file.
void check_nothing_created(const TempDir& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.str())) {
        names.push_back(entry.path().filename().string());
    }
    CHECK(names == std::vector<std::string>{"onevoice.toml"});
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

// Each output line is "label<TAB>score<TAB>text" for the next non-blank input
// text, with the label and score (to four decimals) the analyzer gives that
// text in `language` (empty: guessed), as ListenIngest stores them.
void check_scored(const std::string& out, const std::vector<std::string>& texts,
                  std::string_view language) {
    const onevoice::commands::SentimentAnalyzer analyzer;
    const std::vector<std::string> lines = lines_of(out);
    REQUIRE(lines.size() == texts.size());
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CAPTURE(lines[i]);
        const std::size_t first = lines[i].find('\t');
        const std::size_t second = lines[i].find('\t', first + 1);
        REQUIRE(second != std::string::npos);
        const auto expected = analyzer.score(texts[i], language);
        CHECK(onevoice::tests::parse_label(lines[i].substr(0, first)) == expected.polarity);
        const std::string score = lines[i].substr(first + 1, second - first - 1);
        CHECK(score.size() == score.find('.') + 5);
        CHECK(std::abs(std::stod(score) - expected.score) <= 0.00005);
        CHECK(lines[i].substr(second + 1) == texts[i]);
    }
}

// The README's example: the text of its `printf '...' | scripts/run sentiment`
// line (only \n escapes), and the lines of the ```text block after it.
struct ReadmeExample {
    std::string input;
    std::string output;
};

ReadmeExample readme_example() {
    const std::string readme =
        onevoice::tests::read_file(std::string(onevoice::tests::source_dir()) + "/README.md");
    const std::size_t command = readme.find("' | scripts/run sentiment\n");
    REQUIRE(command != std::string::npos);
    const std::size_t start = readme.rfind("printf '", command);
    REQUIRE(start != std::string::npos);
    ReadmeExample example;
    const std::string quoted = readme.substr(start + 8, command - start - 8);
    for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted.compare(i, 2, "\\n") == 0) {
            example.input += '\n';
            ++i;
        } else {
            example.input += quoted[i];
        }
    }
    const std::string open = "```text\n";
    const std::size_t block = readme.find(open, command);
    REQUIRE(block != std::string::npos);
    const std::size_t end = readme.find("```", block + open.size());
    REQUIRE(end != std::string::npos);
    example.output = readme.substr(block + open.size(), end - block - open.size());
    return example;
}

} // namespace

TEST_SUITE_BEGIN("e2e");

TEST_CASE("sentiment e2e: each line gets the label and score a mention is stored with") {
    TempDir dir;
    const std::vector<std::string> texts = {
        "Super Service, danke! 👍",
        "Das Paket ist nicht angekommen und keiner antwortet.",
        "The new app is really great",
        "The app keeps crashing, worst update ever :(",
        "Die Filiale öffnet am Montag um neun.",
        "not\tbad\tat all", // tabs stay in the text, the last field
    };
    // Blank lines (empty, white space only, CR LF) print nothing; CR LF ends a line.
    const std::string input = texts[0] + "\n\n" + texts[1] + "\r\n   \t\n" + texts[2] + "\n\r\n" +
                              texts[3] + "\n" + texts[4] + "\n" + texts[5]; // no final newline
    const ProcessResult result = run_sentiment(dir, {}, input);
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    check_scored(result.out, texts, "");
    CHECK(contains(result.out, "pos\t"));
    CHECK(contains(result.out, "neg\t"));
    CHECK(contains(result.out, "neu\t0.0000\tDie Filiale"));
    check_nothing_created(dir);

    SUBCASE("--language sets the language, which is guessed otherwise") {
        // "fast" is quick in English, almost in German: positive only in English,
        // and with no German clue in the text the guess is English.
        const std::vector<std::string> mixed = {"fast fertig"};
        for (const std::string& language : std::vector<std::string>{"de", "en"}) {
            CAPTURE(language);
            const ProcessResult chosen =
                run_sentiment(dir, {"--language", language}, mixed[0] + "\n");
            CHECK(chosen.exit_code == 0);
            check_scored(chosen.out, mixed, language);
        }
        CHECK(run_sentiment(dir, {}, mixed[0] + "\n").out ==
              run_sentiment(dir, {"--language", "en"}, mixed[0] + "\n").out);
        const ProcessResult joined = run_sentiment(dir, {"--language=de"}, mixed[0] + "\n");
        CHECK(joined.out == "neu\t0.0000\tfast fertig\n");
        CHECK(run_sentiment(dir, {"--language", "de"}, mixed[0] + "\n").out !=
              run_sentiment(dir, {"--language", "en"}, mixed[0] + "\n").out);
        check_nothing_created(dir);
    }
    SUBCASE("empty input prints nothing") {
        const ProcessResult empty = run_sentiment(dir, {}, "");
        CHECK(empty.exit_code == 0);
        CHECK(empty.out.empty());
        CHECK(empty.err.empty());
    }
}

TEST_CASE("sentiment e2e: the README's example prints what the README shows") {
    TempDir dir;
    const ReadmeExample example = readme_example();
    const ProcessResult result = run_sentiment(dir, {}, example.input);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == example.output);
}

TEST_CASE("sentiment e2e: a bad flag is one line on stderr and exit code 2") {
    TempDir dir;
    std::vector<std::string> args;
    std::string names;
    SUBCASE("an unknown option") {
        args = {"--frobnicate"};
        names = "onevoice: --frobnicate: unknown option; see onevoice sentiment --help";
    }
    SUBCASE("a language the scorer does not know") {
        args = {"--language", "fr"};
        names = "onevoice: --language: must be \"de\" or \"en\", not \"fr\"";
    }
    SUBCASE("--language without its value") {
        args = {"--language"};
        names = "onevoice: --language: missing value de|en";
    }
    SUBCASE("an argument that is no option") {
        args = {"Super Service"};
        names = "onevoice: Super Service: unexpected argument; see onevoice sentiment --help";
    }
    const ProcessResult result = run_sentiment(dir, args, "Super Service!\n");
    INFO("stderr: " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == names + "\n");
    check_nothing_created(dir);
}

TEST_CASE("sentiment e2e: --help of the bot names the subcommand, its own explains it") {
    TempDir dir;
    const ProcessResult own = run_sentiment(dir, {"--help"}, "");
    CHECK(own.exit_code == 0);
    CHECK(own.err.empty());
    CHECK(own.out.starts_with("Usage: onevoice sentiment [--language de|en]\n"));
    CHECK(contains(own.out, "pos, neu or neg"));
    onevoice::tests::Process::Options options;
    options.args = {"--help"};
    options.cwd = dir.str();
    const ProcessResult bot = onevoice::tests::run_process(onevoice::tests::bot_binary(), options);
    CHECK(bot.exit_code == 0);
    CHECK(count_of(bot.out, "onevoice sentiment [--language de|en]") == 1);
    check_nothing_created(dir);
}

TEST_SUITE_END();
