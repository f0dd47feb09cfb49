// libFuzzer target: a chat line as the router and the handlers read it. The
// line is tokenized (bot/tokenizer) and every word goes through the argument
// parsers the handlers use (bot/arguments, bot/dates) and the case folding of
// topics and tags (bot/text/fold). Besides crashes and sanitizer findings, the
// target checks the promises of those headers.
#include "bot/model/dates.hpp"
#include "bot/text/arguments.hpp"
#include "bot/text/fold.hpp"
#include "bot/text/tokenizer.hpp"
#include "bot/text/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace onevoice::bot;

void check(bool condition) {
    if (!condition) {
        std::abort(); // libFuzzer keeps the input as a crash
    }
}

void check_word(const std::string& word, LocalDate today) {
    if (const auto id = parse_id(word)) {
        check(*id > 0);
    }
    for (const std::string_view platform : {"slack", "matrix", "console"}) {
        if (const auto user = parse_user_token(word, platform)) {
            check(!user->value.empty());
        }
    }
    for (const Locale locale : {Locale::en, Locale::de}) {
        if (const auto date = parse_date(word, today, locale)) {
            // A parsed date is a real one: it reads back from its ISO form.
            check(LocalDate::from_iso(date->iso()) == *date);
            (void)format_date(*date, locale);
            (void)weekday_name(*date, locale);
        }
    }
    if (const auto time = parse_time(word)) {
        check(time->hour >= 0 && time->hour <= 23 && time->minute >= 0 && time->minute <= 59);
        (void)format_time(*time, Locale::de);
    }
    (void)ascii_lower(word);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Tokens tokens = tokenize(text);
    if (tokens.unbalanced_quote_at) {
        check(*tokens.unbalanced_quote_at < size);
    } else {
        check(tokens.starts.size() == tokens.words.size());
        for (std::size_t i = 0; i < tokens.starts.size(); ++i) {
            // What was typed from a word on (Invocation::typed_from) tokenizes to
            // the words from there on.
            const std::vector<std::string> rest(
                tokens.words.begin() + static_cast<std::ptrdiff_t>(i), tokens.words.end());
            check(tokenize(typed_from(text, tokens.starts[i])).words == rest);
        }
    }
    const bool is_valid = is_valid_utf8(text);
    const LocalDate today{2026, 11, 22};
    for (const std::string& word : tokens.words) {
        // Quotes are whole code points, so cutting them out keeps UTF-8 valid.
        check(!is_valid || is_valid_utf8(word));
        check(utf8_length(word) <= word.size());
        // Topics and tags are keyed by fold (utf8proc): valid in, valid out.
        check(!is_valid || is_valid_utf8(fold(word)));
        check_word(word, today);
    }
    for (const std::string& item : split_list(std::span(tokens.words))) {
        check(!item.empty() && item.find(',') == std::string::npos);
    }
    return 0;
}
