// Reading the standard lexicon formats teams license: AFINN, VADER and
// SentiWS. Each format's range is mapped linearly onto VADER's -4 .. 4.
#include "commands/listening/sentiment/sentiment.hpp"
#include "commands/listening/sentiment/sentiment_score.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace onevoice::commands::sentiment_detail {
namespace {

using Format = SentimentAnalyzer::LexiconFormat;

std::vector<std::string_view> split(std::string_view line, char separator) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (true) {
        const std::size_t end = line.find(separator, pos);
        fields.push_back(line.substr(pos, end == std::string_view::npos ? end : end - pos));
        if (end == std::string_view::npos) {
            return fields;
        }
        pos = end + 1;
    }
}

template <typename Number>
bool parse_number(std::string_view text, Number& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size();
}

class FileReader {
public:
    FileReader(Lexicons& lexicons, std::string path, Language language)
        : m_lexicons(lexicons)
        , m_path(std::move(path))
        , m_language(language) {}

    void read(Format format) {
        std::ifstream in(m_path);
        if (!in) {
            throw std::runtime_error(m_path + ": cannot open the lexicon file");
        }
        std::string line;
        while (std::getline(in, line)) {
            ++m_line;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.find_first_not_of(" \t") == std::string::npos) {
                continue;
            }
            switch (format) {
            case Format::afinn:
                afinn(line);
                break;
            case Format::vader:
                vader(line);
                break;
            case Format::sentiws:
                sentiws(line);
                break;
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw std::runtime_error(m_path + ":" + std::to_string(m_line) + ": " + problem);
    }

    // "word<TAB>score", score an integer from -5 to 5.
    void afinn(std::string_view line) {
        const auto fields = split(line, '\t');
        int score = 0;
        if (fields.size() != 2 || fields[0].empty()) {
            fail("expected \"word<TAB>score\" (AFINN)");
        }
        if (!parse_number(fields[1], score) || score < -5 || score > 5) {
            fail("the AFINN score must be an integer from -5 to 5");
        }
        set_valence(m_lexicons, m_language, fields[0], static_cast<float>(score) * 4.0F / 5.0F);
    }

    // "token<TAB>mean<TAB>standard deviation<TAB>[ratings]": only the mean
    // (-4 .. 4, VADER's own scale) is used.
    void vader(std::string_view line) {
        const auto fields = split(line, '\t');
        double mean = 0;
        if (fields.size() < 2 || fields[0].empty()) {
            fail("expected \"token<TAB>mean<TAB>stddev<TAB>ratings\" (VADER)");
        }
        if (!parse_number(fields[1], mean) || mean < -4 || mean > 4) {
            fail("the VADER mean must be a number from -4 to 4");
        }
        set_valence(m_lexicons, m_language, fields[0], static_cast<float>(mean));
    }

    // "Word|POS<TAB>weight<TAB>inflection,inflection,...", weight -1 .. 1;
    // every inflection gets the weight of its word.
    void sentiws(std::string_view line) {
        const auto fields = split(line, '\t');
        double weight = 0;
        if (fields.size() < 2 || fields.size() > 3) {
            fail("expected \"Word|POS<TAB>weight<TAB>inflections\" (SentiWS)");
        }
        const std::size_t bar = fields[0].find('|');
        if (bar == std::string_view::npos || bar == 0) {
            fail("expected \"Word|POS\" before the first TAB (SentiWS)");
        }
        if (!parse_number(fields[1], weight) || weight < -1 || weight > 1) {
            fail("the SentiWS weight must be a number from -1 to 1");
        }
        const auto valence = static_cast<float>(weight * 4);
        set_valence(m_lexicons, m_language, fields[0].substr(0, bar), valence);
        if (fields.size() == 3) {
            for (const std::string_view inflection : split(fields[2], ',')) {
                set_valence(m_lexicons, m_language, inflection, valence);
            }
        }
    }

    Lexicons& m_lexicons;
    std::string m_path;
    Language m_language;
    int m_line = 0;
};

} // namespace

void load_lexicon_file(Lexicons& lexicons, const std::string& path,
                       SentimentAnalyzer::LexiconFormat format, Language language) {
    FileReader(lexicons, path, language).read(format);
}

} // namespace onevoice::commands::sentiment_detail
